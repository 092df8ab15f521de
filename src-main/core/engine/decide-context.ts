/** What every decision may look at besides the order's state: time, who acts, master data. */
import type { UserRecord } from '../auth/user-directory.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';
import type { EngineConfig } from './engine-config.ts';
import type { EnvironmentGate } from './environment-checks.ts';

export interface DecideContext {
  now: Date;
  /** The station's offset at `now`, "+08:00". */
  tzOffset: string;
  /** The plant's calendar day at `now` (expiry and retest dates are calendar days). */
  today: string;
  actor: UserRecord;
  md: MasterDataReader;
  config: EngineConfig;
  /**
   * The weighing a ledger seq names, whichever order it belongs to (kit and charge scans of a
   * dispensed container of another batch are refused by name: issue 17 item 4).
   */
  findWeighing?: (seq: number) => { batchNumber: string; stepId: string; lineId: string } | null;
  /** The rooms' environment now (issue 13); absent where nothing monitors it (replay, old tests). */
  environment?: EnvironmentGate;
}

/** "YYYY-MM-DD" of `at` in the zone with the given offset. */
export function localDate(at: Date, tzOffset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(tzOffset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 10);
}
