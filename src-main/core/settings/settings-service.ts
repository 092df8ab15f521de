/**
 * Station settings (devices, limits, display) read from and written to the ledger. A change is
 * one `settings.changed` entry with the key, the old and the new value and the admin's reason
 * (Annex 11 §10, COMPLIANCE.md A11-17): there is no other way to change a setting, so the
 * record always shows which configuration was in force. The current value of a key is the
 * newest entry for it, or the default when none exists.
 */
import { DEFAULT_STATION_SETTINGS, parseSettingValue, SETTINGS_KEYS, type SettingsKey, type StationSettings } from '../../../src-shared/settings/station-settings.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { SIMULATED_PORT, type BalanceSetting } from '../../../src-shared/settings/station-settings.ts';
import { requireTraining, stationModeOf } from '../station/station-mode.ts';

export type SettingsListener = (key: SettingsKey, settings: StationSettings) => void;

export class SettingsService {
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly ledger: Ledger) {}

  current(): StationSettings {
    const settings: Record<string, unknown> = structuredClone(DEFAULT_STATION_SETTINGS);
    for (const e of this.ledger.query({ types: ['settings.changed'], limit: 1_000_000 })) {
      const key = e.payload.key as string;
      // A key this version no longer knows, or a value it cannot read, keeps the default: the
      // entry stays in the record as it was written.
      if (!isKey(key)) continue;
      const parsed = parseSettingValue(key, e.payload.newValue);
      if (parsed.ok) settings[key] = parsed.value;
    }
    return settings as StationSettings;
  }

  /** `actorId` is the admin's user id; the value replaces the key's whole value. */
  change(actorId: string, key: string, value: unknown, reason: string): Result<{ seq: number; settings: StationSettings }> {
    if (!isKey(key)) return err('SETTINGS_INVALID', `"${key}" is not a station setting`, { keys: SETTINGS_KEYS });
    const parsed = parseSettingValue(key, value);
    if (!parsed.ok) return err('SETTINGS_INVALID', parsed.message, { key });
    if (reason.trim().length < 3) return err('INPUT_INVALID', 'a change needs a reason');
    if (key === 'balances' && (parsed.value as BalanceSetting[]).some((b) => b.port === SIMULATED_PORT)) {
      const training = requireTraining(stationModeOf(this.ledger), 'a simulated balance');
      if (!training.ok) return training;
    }
    const before = this.current();
    if (JSON.stringify(before[key]) === JSON.stringify(parsed.value)) return err('CONFLICT', `${key} already has this value`);
    const appended = this.ledger.append([{ type: 'settings.changed', actor: actorId, payload: { key, oldValue: before[key], newValue: parsed.value, reason: reason.trim() } }]);
    if (!appended.ok) return appended;
    const settings = this.current();
    for (const l of this.listeners) l(key, settings);
    return ok({ seq: appended.value[0]!.seq, settings });
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function isKey(key: string): key is SettingsKey {
  return (SETTINGS_KEYS as string[]).includes(key);
}
