/** Small pieces of the runtime's start: settings read before the station opens, simulator specs. */
import { existsSync } from 'node:fs';
import { DEFAULT_STATION_SETTINGS, type BalanceSetting, type StationSettings } from '../../src-shared/settings/station-settings.ts';
import type { Station } from '../compose.ts';
import { systemClock } from '../../src-core/clock.ts';
import { SettingsService } from '../core/settings/settings-service.ts';
import { LedgerStore } from '../db/ledger-store.ts';
import { openStationDb } from '../db/open-station-db.ts';
import type { SimulatedBalanceConfig } from '../devices/simulator/simulated-balance.ts';
import { simulatedBalanceSetting } from './balance-spec.ts';

/** The recorded settings, read-only, before the station (and its engine) is composed. */
export function readSettingsAtStart(dbPath: string): StationSettings {
  if (dbPath === ':memory:' || !existsSync(dbPath)) return DEFAULT_STATION_SETTINGS;
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) return DEFAULT_STATION_SETTINGS;
  try {
    const ledger = new LedgerStore(opened.value.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    return new SettingsService(ledger).current();
  } finally {
    opened.value.close();
  }
}

/**
 * A simulator never answers with a real balance's serial number (issue 10: it did, so a
 * simulated weighing passed the engine's device check as the real balance). Training master
 * data names its simulated balances with a SIM- serial, which the simulator reports as is; any
 * other serial comes back prefixed, so the engine refuses it (BALANCE_SERIAL_MISMATCH).
 */
export function simulatorSerial(masterDataSerial: string): string {
  return masterDataSerial.startsWith('SIM-') ? masterDataSerial : `SIM-${masterDataSerial}`;
}

/**
 * Adds a built-in simulator for every master-data balance that has no configured port (when
 * asked), and describes each simulated balance as its master data does (model, serial number,
 * capacity, readability), so the engine's identity and capacity checks hold for it.
 */
export function simulatorSpecs(station: Station, configured: BalanceSetting[], simulateOthers: boolean): { all: BalanceSetting[]; simulators: Map<string, Partial<SimulatedBalanceConfig>> } {
  const all = [...configured];
  const known = station.masterData.reader.list('balance');
  if (simulateOthers) {
    for (const b of known) if (!all.some((s) => s.id === b.key)) all.push({ ...simulatedBalanceSetting(all.length), id: b.key, label: `${b.data.name} (simulated)` });
    if (known.length === 0 && !all.some((s) => s.port === 'simulated')) all.push(simulatedBalanceSetting(all.length));
  }
  const simulators = new Map<string, Partial<SimulatedBalanceConfig>>();
  for (const s of all) {
    const md = s.port === 'simulated' ? known.find((b) => b.key === s.id) : undefined;
    if (md) simulators.set(s.id, { model: md.data.model, serialNumber: simulatorSerial(md.data.serialNumber), capacity: md.data.capacity, readability: md.data.readability, unit: md.data.readability.unit });
  }
  return { all, simulators };
}
