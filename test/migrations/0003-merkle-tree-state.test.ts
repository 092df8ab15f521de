/**
 * Migration 0003_merkle_tree_state: a station at 0002 with entries and a checkpoint migrates
 * without touching them (A11-09); afterwards each checkpoint saves the Merkle tree state, and
 * opening the ledger starts from it (hashing only later entries) when, and only when, it
 * reproduces the signed checkpoint root.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { DEFAULT_MIGRATIONS_FOLDER, openStationDb, readJournal } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { treeHead } from '../../src-core/ledger/merkle-tree.ts';
import { fixedClock } from '../../src-core/clock.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation } from '../fakes/test-station.ts';

const journal = readJournal(DEFAULT_MIGRATIONS_FOLDER);
const index = journal.entries.findIndex((e) => e.tag === '0003_merkle_tree_state');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'batchline-mig3-'));
  dirs.push(dir);
  return dir;
}

function migrationsUpTo(n: number): string {
  const dir = tmp();
  cpSync(DEFAULT_MIGRATIONS_FOLDER, dir, { recursive: true });
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, n) }));
  return dir;
}

const hashOf = (i: number) => createHash('sha256').update(`entry ${i}`).digest('hex');
const store = (db: { sqlite: ConstructorParameters<typeof LedgerStore>[0] }) => new LedgerStore(db.sqlite, { stationId: 'S', clock: fixedClock(new Date('2026-01-01T00:00:00Z')), projectors: new Map() });
const rootOf = (hashes: string[]) => treeHead(hashes.map((h) => Buffer.from(h, 'hex'))).root.toString('hex');
/** What the store would sign next: its tree root, read through a checkpoint it writes. */
function nextRoot(ledger: LedgerStore): string {
  ledger.setSigner({ stationId: 'S', certFingerprint: 'f', sign: () => 'sig' });
  return unwrap(ledger.checkpointNow())!.rootHash;
}

describe('0003_merkle_tree_state', () => {
  it('migrates a 0002 ledger without touching it; the tree then covers exactly its entries', () => {
    expect(index).toBeGreaterThan(0);
    const path = join(tmp(), 's.db');
    const before = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(index) }));
    const hashes = Array.from({ length: 5 }, (_, i) => hashOf(i));
    const insert = before.sqlite.prepare("insert into ledger_entries values (?,'S','2026-01-01T00:00:00.000Z','+08:00','comment.recorded',null,null,'{}',?,?)");
    hashes.forEach((h, i) => insert.run(i + 1, i === 0 ? '0'.repeat(64) : hashes[i - 1]!, h));
    before.sqlite.prepare("insert into checkpoints values (3, ?, '2026-01-01T00:00:00.000Z', 'S', 'f', 'sig')").run(rootOf(hashes.slice(0, 3)));
    before.close();

    const after = unwrap(openStationDb(path, { migrationsFolder: migrationsUpTo(index + 1) }));
    expect(after.sqlite.prepare('select count(*) as n from ledger_entries').get()).toEqual({ n: 5 });
    expect(after.sqlite.prepare('select count(*) as n from ledger_tree_state').get()).toEqual({ n: 0 });
    const ledger = store(after);
    expect(ledger.count()).toBe(5);
    expect(nextRoot(ledger)).toBe(rootOf(hashes));
    expect(after.sqlite.prepare('select tree_size from ledger_tree_state where id = 1').get()).toEqual({ tree_size: 5 });
    after.close();
  });

  it('opening a ledger starts from the state saved at the newest checkpoint instead of re-hashing every entry', () => {
    const t = makeTestStation({ withUsers: false, config: { checkpointEvery: 10 } });
    try {
      for (let i = 0; i < 25; i++) unwrap(t.ledger.append([{ type: 'comment.recorded', actor: null, payload: { text: `c${i}` } }]));
      const saved = t.db.sqlite.prepare('select tree_size from ledger_tree_state where id = 1').get() as { tree_size: number };
      const checkpointSize = (t.db.sqlite.prepare('select max(tree_size) as n from checkpoints').get() as { n: number }).n;
      expect(saved.tree_size).toBe(checkpointSize);
      const hashes = (t.db.sqlite.prepare('select hash from ledger_entries order by seq').raw().all() as [string][]).map((r) => r[0]);
      // Rewrite an entry BEFORE the saved state (triggers dropped, as an attacker would): a
      // store that re-hashed every entry would now compute another root; this one must not.
      t.db.sqlite.exec('drop trigger ledger_entries_no_update');
      t.db.sqlite.prepare('update ledger_entries set hash = ? where seq = 2').run('f'.repeat(64));
      expect(nextRoot(store(t.db))).toBe(rootOf(hashes));
    } finally {
      t.cleanup();
    }
  });

  it.each([
    ['forged hashes', (stack: string) => JSON.stringify((JSON.parse(stack) as { size: number; hash: string }[]).map((n) => ({ ...n, hash: 'e'.repeat(64) })))],
    ['unreadable JSON', () => 'not json'],
    ['subtrees of the wrong size', (stack: string) => JSON.stringify((JSON.parse(stack) as { size: number; hash: string }[]).slice(1))],
  ])('a saved state with %s is ignored: the tree is rebuilt from the entries', (_what, corrupt) => {
    const t = makeTestStation({ withUsers: false, config: { checkpointEvery: 10 } });
    try {
      for (let i = 0; i < 25; i++) unwrap(t.ledger.append([{ type: 'comment.recorded', actor: null, payload: { text: `c${i}` } }]));
      const hashes = (t.db.sqlite.prepare('select hash from ledger_entries order by seq').raw().all() as [string][]).map((r) => r[0]);
      const row = t.db.sqlite.prepare('select stack from ledger_tree_state where id = 1').get() as { stack: string };
      t.db.sqlite.prepare('update ledger_tree_state set stack = ? where id = 1').run(corrupt(row.stack));
      expect(nextRoot(store(t.db))).toBe(rootOf(hashes));
    } finally {
      t.cleanup();
    }
  });
});
