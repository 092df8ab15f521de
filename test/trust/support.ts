/** Small helpers for the auditor's afternoon: run the CLI in-process, copy a station's file. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src-cli/main.ts';
import type { CliIo } from '../../src-cli/cli-io.ts';
import type { TestStation } from '../fakes/test-station.ts';

export async function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  const code = await main(['node', 'batchline', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let copies = 0;
/** A closed copy of the station's database file, as someone walking off with it would have. */
export function fileCopy(t: TestStation): string {
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const path = join(t.dir, `trust-copy-${++copies}.db`);
  copyFileSync(t.dbPath, path);
  return path;
}
