/**
 * Station settings (devices, limits, display, signing, accounts) under change control (Annex 11
 * §10, COMPLIANCE.md A11-17). Nobody writes a setting directly:
 *
 *   1. an admin proposes a new value of one key with a reason: `settings.proposed` (old value,
 *      new value, the configuration version it was made against). The old value stays in force.
 *   2. a different person holding the approving role (QA or supervisor: SIGNATURE_ROLES.approved)
 *      signs the proposal as "approved" with their e-signature (password, and the second factor
 *      when signing.mfa is on). Only then is `settings.changed` appended, naming the proposal,
 *      the approval and the new configuration version.
 *
 * The current value of a key is the newest `settings.changed` for it, or the default. The
 * configuration version in force at any entry is the version after the last `settings.changed`
 * before it (`versionAt`): the hash chain binds every entry to its place after that change, and
 * the batch record names the versions its entries ran under.
 */
import { DEFAULT_STATION_SETTINGS, parseSettingValue, SETTINGS_KEYS, type SettingsKey, type StationSettings } from '../../../src-shared/settings/station-settings.ts';
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import { configVersion } from '../../../src-core/config/config-version.ts';
import { canonicalJson } from '../../../src-core/ledger/canonical-json.ts';
import { SIMULATED_PORT, type BalanceSetting } from '../../../src-shared/settings/station-settings.ts';
import { requireTraining, stationModeOf } from '../station/station-mode.ts';
import type { SignatureService } from '../signatures/signature-service.ts';

export type SettingsListener = (key: SettingsKey, settings: StationSettings) => void;

export interface SettingsProposal {
  seq: number;
  key: SettingsKey;
  oldValue: unknown;
  newValue: unknown;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  tzOffset: string;
  baseConfigVersion: string;
  /** False when the key changed since the proposal was made: it can no longer be approved. */
  current: boolean;
}

export interface ApproveRequest {
  /** The station session the approver signs at (their own, or a co-signature at someone else's). */
  sessionId: string;
  proposalSeq: number;
  username: string;
  password: string;
  /** The one-time code, when signing.mfa is on (D25-03). */
  otp?: string;
}

const ALL = 1_000_000;

export class SettingsService {
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly ledger: Ledger) {}

  current(): StationSettings {
    return this.fold(this.ledger.query({ types: ['settings.changed'], limit: ALL }));
  }

  /** The configuration version in force now (A11-17). */
  version(): string {
    return configVersion(this.current());
  }

  /** For many entries at once (a batch record): the version in force at each seq, read once. */
  versionIndex(): (seq: number) => string {
    const changes = this.ledger.query({ types: ['settings.changed'], limit: ALL });
    const cache = new Map<number, string>();
    return (seq) => {
      const before = changes.filter((e) => e.seq < seq);
      const at = before.at(-1)?.seq ?? 0;
      let v = cache.get(at);
      if (v === undefined) cache.set(at, (v = configVersion(this.fold(before))));
      return v;
    };
  }

  /** The configuration version in force when entry `seq` was written. */
  versionAt(seq: number): string {
    return configVersion(this.fold(this.ledger.query({ types: ['settings.changed'], limit: ALL }).filter((e) => e.seq < seq)));
  }

  /**
   * Step 1: an admin proposes a whole new value for one key, with a reason. Nothing changes yet.
   * `actorId` is the admin's user id.
   */
  propose(actorId: string, key: string, value: unknown, reason: string): Result<{ seq: number; status: 'pending'; configVersion: string }> {
    const checked = this.check(key, value);
    if (!checked.ok) return checked;
    if (reason.trim().length < 3) return err('INPUT_INVALID', 'a change needs a reason');
    const before = this.current();
    const k = checked.value.key;
    if (same(before[k], checked.value.value)) return err('CONFLICT', `${k} already has this value`);
    const baseConfigVersion = configVersion(before);
    const appended = this.ledger.append([{ type: 'settings.proposed', actor: actorId, payload: { key: k, oldValue: before[k], newValue: checked.value.value, reason: reason.trim(), baseConfigVersion } }]);
    if (!appended.ok) return appended;
    return ok({ seq: appended.value[0]!.seq, status: 'pending' as const, configVersion: baseConfigVersion });
  }

  /** Proposals not yet approved, oldest first. */
  pending(): SettingsProposal[] {
    const applied = new Set(this.ledger.query({ types: ['settings.changed'], limit: ALL }).map((e) => e.payload.proposalSeq as number | undefined));
    const now = this.current();
    return this.ledger
      .query({ types: ['settings.proposed'], limit: ALL })
      .filter((e) => !applied.has(e.seq) && isKey(e.payload.key as string))
      .map((e) => toProposal(e, now));
  }

  /**
   * Step 2: a second person approves with their e-signature. Refused when the approver proposed
   * it (CONFIG_APPROVER_SAME_PERSON), lacks the approving role, or the signature fails (wrong
   * password or code: recorded by the signature service, counted toward lockout).
   */
  approve(signatures: SignatureService, req: ApproveRequest): Result<{ seq: number; approvalSeq: number; configVersion: string; settings: StationSettings }> {
    const proposal = this.ledger.bySeq(req.proposalSeq);
    if (!proposal || proposal.type !== 'settings.proposed') return err('NOT_FOUND', `entry ${req.proposalSeq} is not a settings proposal`);
    const key = proposal.payload.key as string;
    if (!isKey(key)) return err('CONFIG_NOT_PENDING', `"${key}" is no longer a station setting`);
    if (this.ledger.query({ types: ['settings.changed'], limit: ALL }).some((e) => e.payload.proposalSeq === proposal.seq)) {
      return err('CONFIG_NOT_PENDING', `proposal ${proposal.seq} has already been approved`);
    }
    const before = this.current();
    if (!same(before[key], proposal.payload.oldValue)) {
      return err('CONFIG_NOT_PENDING', `${key} changed since proposal ${proposal.seq} was made; propose it again`, { key });
    }
    const checked = this.check(key, proposal.payload.newValue);
    if (!checked.ok) return checked;
    const approver = req.username.trim().toLowerCase();
    const proposer = proposal.actor;
    const existing = this.ledger
      .query({ types: ['signature.applied'], limit: ALL })
      .find((s) => s.payload.targetSeq === proposal.seq && s.payload.meaning === 'approved' && s.actor !== proposer);
    let approvalSeq: number;
    if (existing) {
      // Signed before, but the change was not recorded (a crash between the two appends).
      approvalSeq = existing.seq;
    } else {
      const signed = signatures.sign({ sessionId: req.sessionId, targetSeq: proposal.seq, meaning: 'approved', password: req.password, username: approver, ...(req.otp ? { otp: req.otp } : {}) });
      if (!signed.ok) {
        if (signed.error.code === 'SIGNATURE_SAME_USER') return err('CONFIG_APPROVER_SAME_PERSON', 'the person who proposed a configuration change cannot approve it', signed.error.details);
        return signed;
      }
      approvalSeq = signed.value.seq;
    }
    const after = { ...before, [key]: checked.value.value } as StationSettings;
    const version = configVersion(after);
    const appended = this.ledger.append([
      {
        type: 'settings.changed',
        actor: this.ledger.bySeq(approvalSeq)!.actor,
        payload: { key, oldValue: before[key], newValue: checked.value.value, reason: proposal.payload.reason as string, proposalSeq: proposal.seq, approvalSeq, configVersion: version },
      },
    ]);
    if (!appended.ok) return appended;
    const settings = this.current();
    for (const l of this.listeners) l(key, settings);
    return ok({ seq: appended.value[0]!.seq, approvalSeq, configVersion: version, settings });
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private check(key: string, value: unknown): Result<{ key: SettingsKey; value: unknown }> {
    if (!isKey(key)) return err('SETTINGS_INVALID', `"${key}" is not a station setting`, { keys: SETTINGS_KEYS });
    const parsed = parseSettingValue(key, value);
    if (!parsed.ok) return err('SETTINGS_INVALID', parsed.message, { key });
    if (key === 'balances' && (parsed.value as BalanceSetting[]).some((b) => b.port === SIMULATED_PORT)) {
      const training = requireTraining(stationModeOf(this.ledger), 'a simulated balance');
      if (!training.ok) return training;
    }
    return ok({ key, value: parsed.value });
  }

  private fold(changes: LedgerEntry[]): StationSettings {
    return foldSettings(changes);
  }
}

function toProposal(e: LedgerEntry, now: StationSettings): SettingsProposal {
  const key = e.payload.key as SettingsKey;
  return {
    seq: e.seq,
    key,
    oldValue: e.payload.oldValue,
    newValue: e.payload.newValue,
    reason: e.payload.reason as string,
    proposedBy: e.actor ?? '',
    proposedAt: e.time,
    tzOffset: e.tzOffset,
    baseConfigVersion: e.payload.baseConfigVersion as string,
    current: same(now[key], e.payload.oldValue),
  };
}

/** Values compared as the ledger stores them (RFC 8785: key order does not matter). */
function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function isKey(key: string): key is SettingsKey {
  return (SETTINGS_KEYS as string[]).includes(key);
}

/** The settings a list of `settings.changed` entries leaves in force (replay reads it per entry too). */
export function foldSettings(changes: readonly LedgerEntry[]): StationSettings {
  const settings: Record<string, unknown> = structuredClone(DEFAULT_STATION_SETTINGS);
  for (const e of changes) {
    const key = e.payload.key as string;
    // A key this version no longer knows, or a value it cannot read, keeps the default: the
    // entry stays in the record as it was written.
    if (!isKey(key)) continue;
    const parsed = parseSettingValue(key, e.payload.newValue);
    if (parsed.ok) settings[key] = parsed.value;
  }
  return settings as StationSettings;
}
