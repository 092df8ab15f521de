/**
 * Opens a station database for one CLI command and always closes it; a refusal to open is
 * printed as `CODE: message` and becomes the command's exit code.
 */
import { refuse } from './cli-io.ts';
import { refuseIn } from './cli-words.ts';
import { createStation, type Station, type StationConfig } from '../src-main/compose.ts';
import { loadStationSecret } from '../src-main/station-secret.ts';
import { existsSync } from 'node:fs';
import { openStationDb, type StationDb } from '../src-main/db/open-station-db.ts';
import { LedgerStore } from '../src-main/db/ledger-store.ts';
import { systemClock } from '../src-core/clock.ts';
import { EXIT_FAILED, EXIT_USAGE, type CliIo } from './cli-io.ts';

export async function withStation(
  dbPath: string,
  io: CliIo,
  use: (station: Station) => Promise<number> | number,
  secret?: string,
  config: Partial<Omit<StationConfig, 'dbPath' | 'stationSecret'>> = {},
): Promise<number> {
  // FR-155: the secret file is made only once the database is known to be a station's (or one to provision).
  const station = createStation({ ...config, dbPath, stationSecret: secret ?? ((mayCreate) => loadStationSecret(dbPath, io.env, mayCreate)) });
  if (!station.ok) {
    refuse(io, station.error);
    return EXIT_FAILED;
  }
  try {
    return await use(station.value);
  } finally {
    station.value.close();
  }
}

/**
 * Opens a station database read-only for one CLI command that only reads its ledger (verify,
 * audit, replay) and always closes it. A missing file or a refusal to open is printed
 * (`no such database: …` or `CODE: message`) and becomes EXIT_USAGE; the file is never created.
 */
export function withReadonlyLedger(
  dbPath: string,
  io: CliIo,
  use: (ledger: LedgerStore, sqlite: StationDb['sqlite']) => number,
): number {
  if (!existsSync(dbPath)) {
    return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: dbPath }, EXIT_USAGE);
  }
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) {
    refuse(io, opened.error);
    return EXIT_USAGE;
  }
  try {
    const ledger = new LedgerStore(opened.value.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    return use(ledger, opened.value.sqlite);
  } finally {
    opened.value.close();
  }
}
