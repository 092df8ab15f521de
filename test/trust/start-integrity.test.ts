/**
 * An auditor's afternoon, attack 2 (COMPLIANCE.md §6): the database is opened in a SQLite
 * browser, the append-only triggers dropped, a net weight edited, or the unsynced tail cut with
 * its checkpoints. Rows DI-10 (audit trail cannot be switched off: start-up self-check),
 * A11-12 (integrity checked), A11-23 (incident: refuse GMP work and say why), P11-02.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { openStationCopy } from '../fakes/ledger-attacker.ts';
import { unwrap } from '../../src-shared/result.ts';
import { entryHash } from '../../src-core/ledger/entry-hash.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { cli, fileCopy } from './support.ts';

let t: TestStation;
afterEach(() => t?.cleanup());

const comment = (actor: string, text: string) => [{ type: 'comment.recorded', actor, batchRef: 'B-1', payload: { text } }];

function stationWith(entries: number, checkpointEvery: number): TestStation {
  const s = makeTestStation({ config: { checkpointEvery } });
  const op = s.userId('op.li');
  while (s.ledger.count() < entries) {
    s.clock.advance(1000);
    unwrap(s.ledger.append(comment(op, `line ${s.ledger.count()}`)));
  }
  return s;
}

describe('integrity at start', () => {
  it('DI-10 a station whose triggers were dropped refuses GMP work and says why; an admin can still log in, export and verify', async () => {
    t = stationWith(30, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec('drop trigger ledger_entries_no_update; drop trigger ledger_entries_no_delete');
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.ok).toBe(false);
      expect(opened.integrity.problems).toEqual(expect.arrayContaining(['schema: trigger ledger_entries_no_update is missing', 'schema: trigger ledger_entries_no_delete is missing']));
      const refused = opened.ledger.append(comment(t.userId('op.li'), 'weighed after the edit'));
      expect(!refused.ok && refused.error.code).toBe('STATION_INTEGRITY_FAILED');
      expect(!refused.ok && refused.error.message).toContain('ledger_entries_no_update is missing');
      // Not GMP work: the admin logs in and exports the audit trail.
      expect(opened.auth.login('admin', 'Batchline-demo-1').ok).toBe(true);
      expect(opened.ledger.append([{ type: 'audit.exported', actor: t.userId('admin'), payload: { filter: {}, entryCount: 30, format: 'json' } }]).ok).toBe(true);
    } finally {
      opened.close();
    }
    expect((await cli({ BATCHLINE_STATION_SECRET: TEST_SECRET }, 'verify', '--db', path)).code).toBe(0);
  });

  it('A11-12 a trigger replaced by a no-op is found as well as a dropped one', () => {
    t = stationWith(5, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec("drop trigger checkpoints_no_delete; create trigger checkpoints_no_delete before delete on checkpoints begin select 1; end;");
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.problems).toEqual(['schema: trigger checkpoints_no_delete differs from its migration']);
    } finally {
      opened.close();
    }
  });

  it('P11-02 verify refuses a ledger of 87 entries without a checkpoint, and the station refuses GMP work on it', async () => {
    t = stationWith(87, 20);
    expect(t.ledger.checkpoints().map((c) => c.treeSize)).toEqual([20, 40, 60, 80]);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec('drop trigger checkpoints_no_delete; delete from checkpoints;');
    db.exec("create trigger checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;");
    db.close();
    const r = await cli({}, 'verify', '--db', path, '--json');
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, code: 'CHECKPOINT_MISSING', seq: 21 });
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.problems.join('\n')).toMatch(/checkpoints: no signed checkpoint between entries 1 and|87 entries after the genesis without a signed checkpoint/);
      const refused = opened.ledger.append(comment(t.userId('op.li'), 'after the cut'));
      expect(!refused.ok && refused.error.code).toBe('STATION_INTEGRITY_FAILED');
    } finally {
      opened.close();
    }
  });

  it('A11-23 an entry rewritten before the last checkpoint (every hash recomputed) fails the chain check at start', () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec('drop trigger ledger_entries_no_update');
    const rows = db.prepare('select * from ledger_entries where seq >= 30 order by seq').all() as Record<string, unknown>[];
    let prevHash = (db.prepare('select hash from ledger_entries where seq = 29').get() as { hash: string }).hash;
    for (const r of rows) {
      const payload = JSON.parse(r.payload as string) as Record<string, unknown>;
      if (r.seq === 30) payload.text = 'net 100.1 g';
      const e = { seq: r.seq as number, stationId: r.station_id as string, time: r.time as string, tzOffset: r.tz_offset as string, type: r.type as string, actor: r.actor as string | null, batchRef: r.batch_ref as string | null, payload, prevHash };
      const hash = entryHash(e);
      db.prepare('update ledger_entries set payload = ?, prev_hash = ?, hash = ? where seq = ?').run(canonicalJson(payload), prevHash, hash, e.seq);
      prevHash = hash;
    }
    db.exec("create trigger ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: corrections are new entries'); END;");
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.ok).toBe(false);
      expect(opened.integrity.problems).toEqual(['chain: the entries up to 40 no longer match the signed checkpoint over them']);
    } finally {
      opened.close();
    }
  });

  it('A11-23 the start binds the last covered entry to the signed root through the saved Merkle state, without re-hashing the entries under it', () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity).toEqual({ ok: true, problems: [] });
      expect(opened.ledger.coverageOnOpen).toMatchObject({ problem: null, rehashed: false });
    } finally {
      opened.close();
    }
  });

  it('A11-23 a saved Merkle state edited to match rewritten entries is caught at start', () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    const row = db.prepare('select stack from ledger_tree_state where id = 1').get() as { stack: string };
    const stack = JSON.parse(row.stack) as { size: number; hash: string; path?: string[] }[];
    stack[0]!.hash = 'f'.repeat(64);
    db.prepare('update ledger_tree_state set stack = ? where id = 1').run(JSON.stringify(stack));
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.problems).toEqual(['chain: the saved Merkle state at 40 does not match the signed checkpoint']);
      const refused = opened.ledger.append(comment(t.userId('op.li'), 'after the edit'));
      expect(!refused.ok && refused.error.code).toBe('STATION_INTEGRITY_FAILED');
    } finally {
      opened.close();
    }
  });

  it('A11-23 a saved Merkle state whose last-leaf path was forged for a rewritten last covered entry is caught at start', () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec('drop trigger ledger_entries_no_update');
    // The attacker rewrites entry 40 (and recomputes it) and replaces the path with anything.
    const e40 = db.prepare('select * from ledger_entries where seq = 40').get() as Record<string, unknown>;
    const payload = { text: 'net 100.1 g' };
    const hash = entryHash({ seq: 40, stationId: e40.station_id as string, time: e40.time as string, tzOffset: e40.tz_offset as string, type: e40.type as string, actor: e40.actor as string | null, batchRef: e40.batch_ref as string | null, payload, prevHash: e40.prev_hash as string });
    db.prepare('update ledger_entries set payload = ?, hash = ? where seq = 40').run(canonicalJson(payload), hash);
    const row = db.prepare('select stack from ledger_tree_state where id = 1').get() as { stack: string };
    const stack = JSON.parse(row.stack) as { size: number; hash: string; path?: string[] }[];
    stack.at(-1)!.path = stack.at(-1)!.path!.map(() => hash);
    db.prepare('update ledger_tree_state set stack = ? where id = 1').run(JSON.stringify(stack));
    db.exec("create trigger ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: corrections are new entries'); END;");
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.integrity.problems).toEqual(['chain: the entries up to 40 no longer match the signed checkpoint over them']);
    } finally {
      opened.close();
    }
  });

  it('A11-23 an entry deep under the last checkpoint edited in place (chain left broken) is still caught by verify', async () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    db.exec('drop trigger ledger_entries_no_update');
    const e = db.prepare('select payload from ledger_entries where seq = 30').get() as { payload: string };
    db.prepare('update ledger_entries set payload = ? where seq = 30').run(e.payload.replace('line', 'lime'));
    db.exec("create trigger ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: corrections are new entries'); END;");
    db.close();
    const r = await cli({ BATCHLINE_STATION_SECRET: TEST_SECRET }, 'verify', '--db', path, '--json');
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, seq: 30 });
  });

  it('A11-23 a database whose saved state predates the last-leaf path is re-hashed at start and a rewrite still caught', () => {
    t = stationWith(45, 20);
    const path = fileCopy(t);
    const db = new Database(path);
    const row = db.prepare('select stack from ledger_tree_state where id = 1').get() as { stack: string };
    const stack = (JSON.parse(row.stack) as { size: number; hash: string }[]).map(({ size, hash }) => ({ size, hash }));
    db.prepare('update ledger_tree_state set stack = ? where id = 1').run(JSON.stringify(stack));
    db.exec('drop trigger ledger_entries_no_update');
    db.prepare("update ledger_entries set hash = ? where seq = 12").run('0'.repeat(64));
    db.exec("create trigger ledger_entries_no_update BEFORE UPDATE ON ledger_entries BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: corrections are new entries'); END;");
    db.close();
    const opened = openStationCopy(t, path);
    try {
      expect(opened.ledger.coverageOnOpen.rehashed).toBe(true);
      expect(opened.integrity.problems).toEqual(['chain: the entries up to 40 no longer match the signed checkpoint over them']);
    } finally {
      opened.close();
    }
  });

  it('an untouched station passes its start-up check', () => {
    t = stationWith(45, 20);
    expect(t.integrity).toEqual({ ok: true, problems: [] });
  });
});
