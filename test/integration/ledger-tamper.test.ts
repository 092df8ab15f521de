/**
 * The tamper matrix for `batchline verify` (issue #2, COMPLIANCE P11-02, P11-06, P11-18):
 * each case edits a copy of a signed, checkpointed station database the way an attacker with
 * a sqlite shell would (dropping the append-only triggers first) and expects verify to fail,
 * naming the first bad entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestStation, DEMO_PASSWORD, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { runVerify } from '../../src-cli/commands/ledger.ts';
import { readEntries, rewriteFrom, tamper } from '../fakes/ledger-attacker.ts';
import type { CliIo } from '../../src-cli/cli-io.ts';

let t: TestStation;
let fixture: string;
let copies = 0;
const signatureSeqs: number[] = [];
const commentSeqs: number[] = [];
let unsignedSeq = 0;

beforeAll(() => {
  t = makeTestStation({ config: { checkpointEvery: 10 } });
  const op = unwrap(t.auth.login('op.li', DEMO_PASSWORD)).sessionId;
  const opId = t.userId('op.li');
  for (let i = 0; i < 12; i++) {
    t.clock.advance(60_000);
    const seq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: opId, batchRef: 'B-7', payload: { text: `dispensed line ${i}` } }]))[0]!.seq;
    commentSeqs.push(seq);
    const p = unwrap(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'performed', password: DEMO_PASSWORD, username: 'op.li' }));
    const v = unwrap(t.signatures.sign({ sessionId: op, targetSeq: seq, meaning: 'verified', password: DEMO_PASSWORD, username: 'sup.wang' }));
    signatureSeqs.push(p.seq, v.seq);
  }
  unsignedSeq = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: opId, batchRef: 'B-7', payload: { text: 'balance B-2 cleaned' } }]))[0]!.seq;
  unwrap(t.ledger.append([{ type: 'session.logout', actor: opId, payload: { userId: opId, sessionId: op, reason: 'user' } }]));
  unwrap(t.ledger.checkpointNow());
  fixture = t.dbPath;
  t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
}, 60_000);
afterAll(() => t.cleanup());

function copy(): string {
  const path = join(t.dir, `copy-${++copies}.db`);
  copyFileSync(fixture, path);
  return path;
}

function verify(path: string): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  const code = runVerify({ db: path }, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('batchline verify', () => {
  it('P11-02 passes an untouched ledger with one summary line', () => {
    const r = verify(copy());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verified \d+ entries, 24 signatures, \d+ checkpoints$/);
  });

  it('P11-02 one changed byte in a payload: names the entry, HASH_MISMATCH', () => {
    const path = copy();
    const target = commentSeqs[5]!;
    tamper(path, (db) => db.prepare("update ledger_entries set payload = replace(payload, 'line 5', 'line 6') where seq = ?").run(target));
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`at entry ${target}: HASH_MISMATCH`);
  });

  it('P11-02 a deleted entry: SEQ_GAP at its number', () => {
    const path = copy();
    const target = commentSeqs[3]!;
    tamper(path, (db) => db.prepare('delete from ledger_entries where seq = ?').run(target));
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`at entry ${target}: SEQ_GAP`);
  });

  it('P11-02 entries deleted from the end are caught by the last signed checkpoint', () => {
    const path = copy();
    tamper(path, (db) => db.prepare('delete from ledger_entries where seq > (select max(seq) - 3 from ledger_entries)').run());
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CHECKPOINT_INVALID');
    expect(r.err).toContain('deleted from the end');
  });

  it('P11-02 two swapped entries: caught at the first of them', () => {
    const path = copy();
    const [a, b] = [commentSeqs[2]!, commentSeqs[4]!];
    tamper(path, (db) => {
      db.prepare('update ledger_entries set seq = -1 where seq = ?').run(a);
      db.prepare('update ledger_entries set seq = ? where seq = ?').run(a, b);
      db.prepare('update ledger_entries set seq = ? where seq = -1').run(b);
    });
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`at entry ${a}: (CHAIN_BROKEN|HASH_MISMATCH)`));
  });

  it('P11-02 a history rewritten with every hash recomputed is caught by the signed checkpoints', () => {
    const path = copy();
    // an unsigned entry no signature points at, so only the checkpoints can tell
    const target = unsignedSeq;
    tamper(path, (db) => rewriteFrom(db, target, (e) => (e.payload.text = 'nothing to see here')));
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CHECKPOINT_INVALID');
    expect(r.err).toContain('history was rewritten');
  });

  it('P11-18 a forged signature (hashes recomputed, checkpoints removed) is refused', () => {
    const path = copy();
    const target = signatureSeqs[3]!;
    tamper(path, (db) => {
      db.exec('delete from checkpoints');
      rewriteFrom(db, target, (e) => {
        const sig = Buffer.from(e.payload.signature as string, 'base64');
        sig[10] = sig[10]! ^ 0xff;
        e.payload.signature = sig.toString('base64');
      });
    });
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`at entry ${target}: SIGNATURE_INVALID`);
  });

  it('P11-18 a signature copied onto another record is refused', () => {
    const path = copy();
    const sigSeq = signatureSeqs[0]!; // op.li "performed" on commentSeqs[0]
    tamper(path, (db) => {
      db.exec('delete from checkpoints');
      const other = readEntries(db).find((e) => e.seq === commentSeqs[1])!;
      rewriteFrom(db, sigSeq, (e) => {
        e.payload.targetSeq = other.seq;
        e.payload.targetHash = other.hash;
      });
    });
    const r = verify(path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`at entry ${sigSeq}: SIGNATURE_(INVALID|TARGET_MISMATCH)`));
  });

  it('P11-18 a signature claiming another signer than its certificate is refused', () => {
    const path = copy();
    const sigSeq = signatureSeqs[1]!; // sup.wang "verified"
    tamper(path, (db) => {
      db.exec('delete from checkpoints');
      rewriteFrom(db, sigSeq, (e) => {
        e.payload.printedName = 'Somebody Else';
        e.payload.signerId = t.userId('qa.chen');
      });
    });
    expect(verify(path).err).toContain(`at entry ${sigSeq}: SIGNATURE_INVALID`);
  });

  it('P11-06 the ledger tables refuse UPDATE and DELETE from any client', () => {
    const db = new Database(copy());
    expect(() => db.prepare('update ledger_entries set actor = null where seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('delete from ledger_entries where seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('delete from checkpoints').run()).toThrow(/append-only/);
    db.close();
  });

  it('reports a file that is not a station database instead of crashing', () => {
    const path = join(t.dir, 'garbage.db');
    const db = new Database(path);
    db.exec('create table x (y)');
    db.close();
    const r = verify(path);
    expect(r.code).not.toBe(0);
  });
});
