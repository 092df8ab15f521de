/**
 * Issue #2 benchmarks, each measured beside its baseline in the same run:
 * 1. durable signed appends/s, one entry per transaction as an operator makes them (WAL,
 *    synchronous=FULL), vs a plain better-sqlite3 insert of the same bytes at the same
 *    durability, vs hypercore 11 (a peer append-only signed log) appending the same bytes;
 * 2. `batchline verify` rate on a generated 100,000-entry ledger vs hypercore replicating
 *    (and so verifying) the same number of blocks to a second core.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import Hypercore from 'hypercore';
import type { BenchOptions, BenchTable } from './bench-table.ts';
import { createStation } from '../src-main/compose.ts';
import { fixedClock, sequentialIds } from '../src-core/clock.ts';
import { unwrap } from '../src-shared/result.ts';
import { signRecord } from '../src-core/signatures/record-signature.ts';
import { verifyLedger } from '../src-core/ledger/ledger-verifier.ts';
import { canonicalJson } from '../src-core/ledger/canonical-json.ts';
import { TEST_SCRYPT_PARAMS } from '../test/fakes/test-scrypt-params.ts';
import { keyPool } from '../test/fakes/key-pool.ts';
import { DEMO_PASSWORD } from '../src-main/demo/seed-demo.ts';
import { createTestUsers as createDemoUsers } from '../test/fakes/test-users.ts';
import { TEST_IDENTITY } from '../test/fakes/test-station.ts';
import { openStationDb } from '../src-main/db/open-station-db.ts';
import { LedgerStore } from '../src-main/db/ledger-store.ts';

export default async function run({ quick }: BenchOptions): Promise<BenchTable[]> {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-bench-'));
  try {
    return [await appends(dir, quick ? 300 : 2_000), ...(await verification(dir, quick ? 10_000 : 100_000))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function station(dir: string, name: string) {
  const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
  return unwrap(createStation({ dbPath: join(dir, name), stationSecret: 'bench-secret-0123456789', clock, ids: sequentialIds(), scrypt: TEST_SCRYPT_PARAMS, keys: keyPool(), checkpointEvery: 100, identity: TEST_IDENTITY }));
}

async function appends(dir: string, n: number): Promise<BenchTable> {
  const s = station(dir, 'appends.db');
  const keys = keyPool(5).next();
  const key = createPrivateKey(keys.privateKeyPem);
  const payloadFor = (i: number) => ({ text: `net 12.3456 g of lot L-${i} on balance B-1`, targetSeq: 1 });
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const sig = signRecord(key, { stationId: s.stationId, targetSeq: 1, targetHash: 'a'.repeat(64), meaning: 'performed', signerId: 'u', signedAt: new Date().toISOString() });
    const e = unwrap(s.ledger.append([{ type: 'comment.recorded', actor: 'u', batchRef: 'B-1', payload: { text: `${payloadFor(i).text} sig ${sig.slice(0, 16)}` } }]))[0]!;
    bytes += canonicalJson(e).length;
  }
  const ours = n / ((performance.now() - t0) / 1000);
  s.close();

  const plain = new Database(join(dir, 'plain.db'));
  plain.pragma('journal_mode = WAL');
  plain.pragma('synchronous = FULL');
  plain.exec('create table t (seq integer primary key, body text not null)');
  const ins = plain.prepare('insert into t (body) values (?)');
  const body = 'x'.repeat(Math.round(bytes / n));
  const t1 = performance.now();
  for (let i = 0; i < n; i++) plain.transaction(() => ins.run(body))();
  const base = n / ((performance.now() - t1) / 1000);
  plain.close();

  const core = new Hypercore(join(dir, 'hc-append'));
  await core.ready();
  const t2 = performance.now();
  for (let i = 0; i < n; i++) await core.append(Buffer.from(body));
  const peer = n / ((performance.now() - t2) / 1000);
  await core.close();

  return {
    title: `Durable signed appends, one entry per transaction (n = ${n}, ~${Math.round(bytes / n)} B/entry)`,
    columns: ['system', 'appends/s', 'ratio to plain insert'],
    rows: [
      ['Batchline ledger (RSA-2048 sign + JCS + SHA-256 chain + projections + checkpoint/100, WAL, synchronous=FULL)', ours, ours / base],
      ['plain better-sqlite3 insert, same bytes, WAL, synchronous=FULL', base, 1],
      ['hypercore 11 append (Ed25519-signed Merkle log)', peer, peer / base],
    ],
    notes: ['Each Batchline append includes an RSA-2048 record signature computed with an unlocked key (the password check and key unwrap are human-paced and excluded).'],
  };
}

async function verification(dir: string, n: number): Promise<BenchTable[]> {
  const s = station(dir, 'verify.db');
  createDemoUsers(s);
  const session = unwrap(s.auth.login('op.li', DEMO_PASSWORD)).sessionId;
  const operator = s.users.byUsername('op.li')!.userId;
  // 1 % of entries carry a real record signature, like a dispensing record's signed steps
  for (let i = 0; s.ledger.count() < n; i++) {
    const size = Math.min(99, n - s.ledger.count() - 1);
    if (size > 0) unwrap(s.ledger.append(Array.from({ length: size }, (_, j) => ({ type: 'comment.recorded', actor: operator, batchRef: `B-${i % 50}`, payload: { text: `weighing ${i}.${j}: net 12.3456 g` } }))));
    const target = s.ledger.head()!.seq;
    unwrap(s.signatures.sign({ sessionId: session, targetSeq: target, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    if (i % 10 === 9) unwrap(s.ledger.checkpointNow());
  }
  const count = s.ledger.count();
  const t0 = performance.now();
  const result = verifyLedger({ entries: s.ledger.iterate(), checkpoints: s.ledger.checkpoints() });
  const ours = count / ((performance.now() - t0) / 1000);
  if (!result.ok) throw new Error(`bench ledger did not verify: ${result.error.reason}`);
  s.close();
  const open = ledgerOpening(join(dir, 'verify.db'));

  const a = new Hypercore(join(dir, 'hc-a'));
  await a.ready();
  const blocks = Array.from({ length: 1_000 }, (_, i) => Buffer.from(`{"seq":${i},"text":"weighing ${i}: net 12.3456 g"}`));
  for (let i = 0; i < count; i += 1_000) await a.append(blocks.slice(0, Math.min(1_000, count - i)));
  const b = new Hypercore(join(dir, 'hc-b'), a.key);
  await b.ready();
  const t1 = performance.now();
  const sa = a.replicate(true);
  const sb = b.replicate(false);
  sa.pipe(sb).pipe(sa);
  await b.download({ start: 0, end: a.length }).done();
  const peer = a.length / ((performance.now() - t1) / 1000);
  sa.destroy();
  sb.destroy();
  await b.close();
  await a.close();
  return [{
    title: `Offline verification of a ${count.toLocaleString('en-US')}-entry ledger`,
    columns: ['system', 'entries/s', 'ratio to hypercore'],
    rows: [
      ['batchline verify (chain, SHA-256, schemas, certificates, 1 % signed, Merkle checkpoints)', ours, ours / peer],
      ['hypercore 11: replicate + verify the same count into a second core', peer, 1],
    ],
    notes: [`${result.value.checkpoints} checkpoints and ${result.value.signatures} RSA-2048 record signatures (each with its certificate chain) verified.`],
  }, open];
}

/**
 * Opening the ledger at the station's start: the start-up integrity check's view of the
 * entries under the last checkpoint (LedgerStore.coverageOnOpen) plus the first append. Now:
 * the saved Merkle state with its last-leaf path (O(log n)); before: every covered entry
 * re-hashed at every start (still the fallback for a state saved without the path), and with
 * no saved state at all (before migration 0003) the append tree re-hashed as well.
 */
function ledgerOpening(path: string): BenchTable {
  const clock = fixedClock(new Date('2026-01-01T00:00:01Z'));
  const open = () => {
    const db = unwrap(openStationDb(path));
    const t0 = performance.now();
    const ledger = new LedgerStore(db.sqlite, { stationId: 'ST-DEMO-01', clock, projectors: new Map() });
    const coverage = ledger.coverageOnOpen;
    unwrap(ledger.append([{ type: 'comment.recorded', actor: null, payload: { text: 'opened' } }]));
    const ms = performance.now() - t0;
    const count = ledger.count();
    db.close();
    if (coverage.root === null || coverage.problem !== null) throw new Error(`bench ledger failed its start-up coverage: ${coverage.problem}`);
    return { ms, count, rehashed: coverage.rehashed };
  };
  const edit = (sql: (db: Database.Database) => void) => {
    const db = unwrap(openStationDb(path));
    sql(db.sqlite);
    db.close();
  };
  const median = (f: () => { ms: number; count: number; rehashed: boolean }) => {
    const runs = [f(), f(), f()];
    return { ...runs[0]!, ms: runs.map((r) => r.ms).sort((a, b) => a - b)[1]! };
  };
  const saved = median(open);
  // The same state without the last-leaf path: what a start did before (re-hash under the checkpoint).
  const db = unwrap(openStationDb(path));
  const { stack } = db.sqlite.prepare('select stack from ledger_tree_state where id = 1').get() as { stack: string };
  db.close();
  edit((d) => d.prepare('update ledger_tree_state set stack = ? where id = 1').run(JSON.stringify((JSON.parse(stack) as { size: number; hash: string }[]).map(({ size, hash }) => ({ size, hash })))));
  const noPath = median(open);
  edit((d) => d.prepare('delete from ledger_tree_state').run());
  const rehash = median(open);
  if (saved.rehashed || !noPath.rehashed) throw new Error('bench: the opening paths were not the ones measured');
  return {
    title: `Opening a ${saved.count.toLocaleString('en-US')}-entry ledger at start: integrity check of the covered entries + first append (ms, median of 3)`,
    columns: ['how the entries under the last checkpoint are checked', 'ms', 'ratio to before'],
    rows: [
      ['saved Merkle state + last-leaf audit path, O(log n) (now)', saved.ms, saved.ms / noPath.ms],
      ['saved Merkle state, every covered entry re-hashed for the check (before)', noPath.ms, 1],
      ['no saved state: re-hashed for the check and again for the append tree (before migration 0003)', rehash.ms, rehash.ms / noPath.ms],
    ],
    notes: ['A rewrite deep under the checkpoint that leaves the chain broken is found by `batchline verify` (every entry re-hashed), not at start.'],
  };
}
