/**
 * A station start unwraps only the station key (it signs checkpoints); the local CA's key is
 * unwrapped when a certificate is first issued. Each unwrap is a production-cost scrypt, so
 * this is a third of a second off every start (issue 16, item 2); a wrong station secret is
 * still refused at start, since the same secret wraps both keys.
 */
import { afterAll, expect, it } from 'vitest';
import { createStation } from '../../src-main/compose.ts';
import { unwrap } from '../../src-shared/result.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { makeTestStation, TEST_SECRET } from '../fakes/test-station.ts';

const t = makeTestStation();
t.close();
afterAll(() => t.cleanup());
const open = (stationSecret: string) => createStation({ dbPath: t.dbPath, stationSecret, clock: t.clock, scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(20) });

it('a wrong station secret is refused at start', () => {
  const r = open('not-the-station-secret-000');
  expect(!r.ok && r.error.code).toBe('SIGNATURE_PASSWORD_INVALID');
});

it('the CA key is unwrapped only when a certificate is issued, not at start', () => {
  const station = unwrap(open(TEST_SECRET));
  try {
    // Damage the wrapped CA key: a start that unwrapped it would fail here already.
    const wrapped = JSON.parse((station.db.sqlite.prepare("select wrapped from keystore where name = 'site-ca'").get() as { wrapped: string }).wrapped) as Record<string, unknown>;
    station.db.sqlite.prepare("update keystore set wrapped = ? where name = 'site-ca'").run(JSON.stringify({ ...wrapped, salt: Buffer.alloc(16, 7).toString('base64') }));
  } finally {
    station.close();
  }
  const restarted = unwrap(open(TEST_SECRET));
  try {
    expect(restarted.ca.caCertPem).toContain('BEGIN CERTIFICATE');
    expect(unwrap(restarted.ledger.append([{ type: 'comment.recorded', actor: null, payload: { text: 'started without the CA key' } }]))).toHaveLength(1);
    const admin = restarted.users.byUsername('admin')!.userId;
    // (a key is issued at creation only for code-made accounts; one-time first passwords make none)
    expect(() => restarted.userAdmin.createUser(admin, { username: 'op.new', printedName: 'New Operator', roles: ['operator'], initialPassword: 'Kestrel-Harbour-77', mustChangePassword: false })).toThrow();
  } finally {
    restarted.close();
  }
});
