/**
 * Backup and restore (COMPLIANCE A11-13): a backup verifies and matches its manifest; a
 * tampered backup is refused; a restore goes into a new file and is recorded in the ledger.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { makeTestStation, reopen, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { backupStation, recordRestore, restoreStation } from '../../src-main/backup/station-backup.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { createStation } from '../../src-main/compose.ts';
import { TEST_SECRET } from '../fakes/test-station.ts';
import { TEST_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';

let t: TestStation;
beforeAll(() => {
  t = makeTestStation();
});
afterAll(() => t.cleanup());

it('A11-13 FR-12 backs up online, verifies, restores into a new file and records the restore', async () => {
  const out = join(t.dir, 'backup-1.db');
  const manifest = unwrap(await backupStation(t, t.userId('admin'), out));
  expect(manifest.head).toEqual(t.ledger.head());
  expect(t.ledger.query({ types: ['backup.created'] })).toHaveLength(1);
  const again = await backupStation(t, null, out);
  expect(!again.ok && again.error.code).toBe('CONFLICT');

  const target = join(t.dir, 'restored.db');
  const restored = unwrap(restoreStation(out, target));
  const station = unwrap(createStation({ dbPath: target, stationSecret: TEST_SECRET, scrypt: TEST_SCRYPT_PARAMS }));
  unwrap(recordRestore(station, null, restored));
  const entries = [...station.ledger.iterate()];
  expect(entries.at(-1)!.type).toBe('backup.restored');
  expect(verifyLedger({ entries, checkpoints: station.ledger.checkpoints() }).ok).toBe(true);
  station.close();
  expect(restoreStation(out, target).ok).toBe(false); // never over an existing file
});

it('A11-13 refuses a backup whose bytes differ from its manifest and leaves the live station intact', async () => {
  const out = join(t.dir, 'backup-2.db');
  unwrap(await backupStation(t, null, out));
  const bytes = readFileSync(out);
  bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
  writeFileSync(out, bytes);
  const r = restoreStation(out, join(t.dir, 'never.db'));
  expect(!r.ok && r.error.code).toBe('HASH_MISMATCH');
  // the live station is untouched and still verifies
  t.close();
  const live = reopen(t);
  expect(verifyLedger({ entries: live.ledger.iterate(), checkpoints: live.ledger.checkpoints() }).ok).toBe(true);
  live.close();
  t.close = () => undefined;
});
