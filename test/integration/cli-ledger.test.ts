/** The ledger commands as IT and QA run them: `batchline verify` and `batchline audit`. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { main } from '../../src-cli/main.ts';
import type { CliIo } from '../../src-cli/cli-io.ts';

let t: TestStation;
beforeAll(() => {
  t = makeTestStation();
  t.close();
});
afterAll(() => t.cleanup());

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  const code = await main(['node', 'batchline', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('P11-02 batchline verify prints one summary line and exits 0; --json gives the numbers', async () => {
  const r = await run('verify', '--db', t.dbPath);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^verified \d+ entries, 0 signatures, \d+ checkpoints$/);
  const j = JSON.parse((await run('verify', '--db', t.dbPath, '--json')).out) as { ok: boolean; entries: number };
  expect(j.ok).toBe(true);
  expect(j.entries).toBeGreaterThan(10);
});

it('batchline verify on a missing file is a usage error, not a crash', async () => {
  const r = await run('verify', '--db', `${t.dir}/missing.db`);
  expect(r.code).toBe(2);
  expect(r.err).toContain('no such database');
});

it('P11-03 batchline audit exports who, when and what as JSON, filtered by type', async () => {
  const r = await run('audit', '--db', t.dbPath, '--type', 'user.identity_verified');
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.out) as { type: string; actor: { username: string }; tzOffset: string; stationId: string }[];
  expect(rows.length).toBe(4);
  expect(rows.every((x) => x.type === 'user.identity_verified' && x.actor.username === 'qa.chen' && x.stationId === t.stationId)).toBe(true);
});
