/**
 * Production or training, as the genesis recorded it (issue 10 item 1). There is no entry that
 * changes it: a station database is one or the other for good. Ledgers from before the field
 * are production, the safe reading (no simulators, no demo).
 */
import type { LedgerReader } from '../../../src-core/ledger/ledger-ports.ts';
import type { StationMode } from '../../../src-shared/ledger/entry-types/station.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';

export function stationModeOf(ledger: Pick<LedgerReader, 'bySeq'>): StationMode {
  return ledger.bySeq(1)?.payload.mode === 'training' ? 'training' : 'production';
}

/** For what exists only in training (simulators, demo accounts and data). */
export function requireTraining(mode: StationMode, what: string): Result<void> {
  return mode === 'training' ? ok(undefined) : err('STATION_PRODUCTION_ONLY', `${what}: not on a production station (training stations only)`);
}
