/** Small helpers for the auditor's afternoon: run the CLI in-process, copy a station's file. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliRun } from '../fakes/cli-runner.ts';
import type { TestStation } from '../fakes/test-station.ts';

export function cli(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return runCli(args, { env });
}

let copies = 0;
/** A closed copy of the station's database file, as someone walking off with it would have. */
export function fileCopy(t: TestStation): string {
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const path = join(t.dir, `trust-copy-${++copies}.db`);
  copyFileSync(t.dbPath, path);
  return path;
}
