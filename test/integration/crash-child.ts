/**
 * Child process for the crash-safety test: opens a station database and appends signed
 * entries as fast as it can, printing `ok <seq> <hash>` only after each append returned
 * (i.e. after the operator would have seen it confirmed). The parent kills it with SIGKILL.
 *
 * The test bundles this file and makes a V8 startup snapshot of the bundle (node
 * --build-snapshot): the snapshot holds the loaded modules, and each child starts from it and
 * runs `appendUntilKilled` with its arguments. Run directly (node --import tsx), it starts at once.
 */
import { startupSnapshot } from 'node:v8';
import { createStation } from '../../src-main/compose.ts';
import { sequentialIds } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { LOOP_SCRYPT_PARAMS } from '../fakes/test-scrypt-params.ts';
import { keyPool } from '../fakes/key-pool.ts';
import { DEFAULT_PASSWORD_POLICY } from '../../src-core/auth/password-policy.ts';

function appendUntilKilled(argv: string[]): void {
  const [dbPath, secret, password, migrationsFolder] = argv as [string, string, string, string];
  const station = unwrap(createStation({ dbPath, stationSecret: secret, scrypt: LOOP_SCRYPT_PARAMS, keys: keyPool(20), ids: sequentialIds(), checkpointEvery: 7, migrationsFolder,
    // the fixture was made with a fixed clock months ago; password ageing is not under test here
    policy: { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: 100_000 }, dormantDays: null }));
  const session = unwrap(station.auth.login('op.li', password)).sessionId;
  const actor = station.users.byUsername('op.li')!.userId;
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const entry = unwrap(station.ledger.append([{ type: 'comment.recorded', actor, batchRef: 'B-CRASH', payload: { text: `weighing ${i}` } }]))[0]!;
    process.stdout.write(`ok ${entry.seq} ${entry.hash}\n`);
    const sig = unwrap(station.signatures.sign({ sessionId: session, targetSeq: entry.seq, meaning: 'performed', password, username: 'op.li' }));
    process.stdout.write(`ok ${sig.seq} ${sig.hash}\n`);
  }
}

// From the snapshot, process.argv is [node, ...arguments] (no script path).
if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(() => appendUntilKilled(process.argv.slice(1)));
else appendUntilKilled(process.argv.slice(2));
