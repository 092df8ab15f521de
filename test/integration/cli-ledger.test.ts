/** The ledger commands as IT and QA run them: `batchline verify` and `batchline audit`. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { runCli } from '../fakes/cli-runner.ts';
import { createStation } from '../../src-main/compose.ts';
import { loadOrCreateStationSecret } from '../../src-main/station-secret.ts';
import { unwrap } from '../../src-shared/result.ts';
import { DEMO_BATCH } from '../../src-main/demo/seed-dispensing.ts';

let t: TestStation;
beforeAll(() => {
  t = makeTestStation();
  t.close();
});
afterAll(() => t.cleanup());

const run = (...args: string[]) => runCli(args);

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

it('batchline demo makes a training database whose demo accounts (public password) use the demo scrypt cost; accounts made later get the production cost', async () => {
  const dbPath = `${t.dir}/demo.db`;
  const r = await run('demo', '--db', dbPath);
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^demo station .* 6 users/);
  // FR-155: the batch it ran and seedDemo's summary are in the line again.
  expect(r.out).toContain(`batch ${DEMO_BATCH} completed and signed`);
  expect(r.out).toMatch(/seeded: 6 users, \d+ master-data objects, \d+ orders, batch B2026-0042 dispensed/);
  expect((await run('verify', '--db', dbPath)).code).toBe(0);
  const station = unwrap(createStation({ dbPath, stationSecret: loadOrCreateStationSecret(dbPath, {}) }));
  try {
    const hashOf = (username: string) => (station.db.sqlite.prepare('select password_hash as h from credentials c join users u using (user_id) where u.username = ?').get(username) as { h: string }).h;
    expect(hashOf('op.li')).toMatch(/^scrypt\$1024\$8\$1\$/);
    // The keys are production keys, only generated ahead in parallel: RSA-3072 CA, RSA-2048 signers.
    const bits = (pem: string) => new X509Certificate(pem).publicKey.asymmetricKeyDetails?.modulusLength;
    expect(bits(station.ca.caCertPem)).toBe(3072);
    const certs = station.db.sqlite.prepare('select cert_pem as pem from certificates').all() as { pem: string }[];
    expect(certs.length).toBe(7);
    expect(new Set(certs.map((c) => bits(c.pem)))).toEqual(new Set([2048]));
    expect(new Set(certs.map((c) => new X509Certificate(c.pem).publicKey.export({ type: 'spki', format: 'pem' }))).size).toBe(7);
    const admin = station.users.byUsername('admin')!.userId;
    unwrap(station.userAdmin.createUser(admin, { username: 'op.real', printedName: 'Real Operator', roles: ['operator'], initialPassword: 'Kestrel-Harbour-77', mustChangePassword: true }));
    expect(hashOf('op.real')).toMatch(/^scrypt\$32768\$8\$3\$/);
  } finally {
    station.close();
  }
});

it('FR-155 batchline demo --lang zh-CN names the batch it ran and what it seeded, in Chinese words', async () => {
  const dbPath = `${t.dir}/demo-zh.db`;
  const r = await run('demo', '--db', dbPath, '--lang', 'zh-CN');
  expect(r.code, r.err).toBe(0);
  expect(r.out).toMatch(new RegExp(`^演示工作站 .*（培训）已创建于 .*：6 个用户，\\d+ 条账本记录，批次 ${DEMO_BATCH} 已完成并签名（已生成：6 users, \\d+ master-data objects`));
});
