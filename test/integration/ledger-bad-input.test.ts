/**
 * Bad input to the ledger is refused with a typed error and leaves the ledger unchanged
 * (issue #2; STYLE.md error model). Also corrections: never an overwrite (P11-06, A11-16).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { auditView } from '../../src-core/ledger/audit-view.ts';

let t: TestStation;
beforeAll(() => {
  t = makeTestStation();
});
afterAll(() => t.cleanup());

function unchanged<T>(fn: () => T): T {
  const before = t.ledger.head();
  const count = t.ledger.count();
  const result = fn();
  expect(t.ledger.head()).toEqual(before);
  expect(t.ledger.count()).toBe(count);
  return result;
}

describe('the ledger refuses bad entries', () => {
  const cases: [string, unknown][] = [
    ['unknown type', { type: 'weighing.teleported', actor: null, payload: {} }],
    // Names every JS object has as a property: unknown types, never a function taken for a schema.
    ['a type named constructor', { type: 'constructor', actor: null, payload: {} }],
    ['a type named toString', { type: 'toString', actor: null, payload: {} }],
    ['a type named __proto__', { type: '__proto__', actor: null, payload: {} }],
    ['payload missing a field', { type: 'user.disabled', actor: null, payload: { userId: 'u1' } }],
    ['payload with a wrong type', { type: 'comment.recorded', actor: null, payload: { text: 42 } }],
    ['payload with an extra field', { type: 'comment.recorded', actor: null, payload: { text: 'x', sneaky: true } }],
    ['payload not an object', { type: 'comment.recorded', actor: null, payload: ['x'] }],
    ['non-finite number', { type: 'audit.exported', actor: null, payload: { filter: {}, entryCount: Infinity, format: 'json' } }],
    ['correction without a reason', { type: 'correction.recorded', actor: null, payload: { targetSeq: 3, targetHash: 'a'.repeat(64), changes: [{ path: 'x', oldValue: 1, newValue: 2 }], reason: ' ' } }],
  ];
  for (const [name, entry] of cases) {
    it(`refuses ${name} with a typed code and appends nothing`, () => {
      const r = unchanged(() => t.ledger.append([entry as never]));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['ENTRY_TYPE_UNKNOWN', 'ENTRY_PAYLOAD_INVALID']).toContain(r.error.code);
    });
  }

  it('refuses the whole batch when one entry of several is bad', () => {
    const r = unchanged(() =>
      t.ledger.append([
        { type: 'comment.recorded', actor: null, payload: { text: 'good' } },
        { type: 'comment.recorded', actor: null, payload: { text: '' } },
      ]),
    );
    expect(!r.ok && r.error.code).toBe('ENTRY_PAYLOAD_INVALID');
  });
});

describe('corrections', () => {
  it('P11-06 A11-16 a correction is a new entry with old and new values and a reason; the original stays', () => {
    const qa = t.userId('qa.chen');
    const original = unwrap(t.ledger.append([{ type: 'comment.recorded', actor: qa, batchRef: 'B-9', payload: { text: 'room 12 at 21 °C' } }]))[0]!;
    const correction = unwrap(
      t.ledger.append([
        {
          type: 'correction.recorded',
          actor: qa,
          batchRef: 'B-9',
          payload: { targetSeq: original.seq, targetHash: original.hash, changes: [{ path: 'text', oldValue: 'room 12 at 21 °C', newValue: 'room 12 at 22 °C' }], reason: 'transcription error, thermometer read 22 °C' },
        },
      ]),
    )[0]!;
    expect(t.ledger.bySeq(original.seq)).toEqual(original);
    const trail = auditView(t.ledger, { batchRef: 'B-9' });
    expect(trail.map((r) => r.type)).toEqual(['comment.recorded', 'correction.recorded']);
    expect(trail[1]!.correction).toEqual({ targetSeq: original.seq, changes: [{ path: 'text', oldValue: 'room 12 at 21 °C', newValue: 'room 12 at 22 °C' }], reason: 'transcription error, thermometer read 22 °C' });
    expect(trail[1]!.actor).toEqual({ userId: qa, username: 'qa.chen', printedName: 'Chen Jing (陈静)' });
    expect(correction.prevHash).toBe(original.hash);
  });
});

describe('audit trail queries', () => {
  it('filters by batch, user, type and time', () => {
    const op = t.userId('op.li');
    unwrap(t.ledger.append([{ type: 'comment.recorded', actor: op, batchRef: 'B-A', payload: { text: 'a' } }]));
    t.clock.advance(3_600_000);
    const from = t.clock.now().toISOString();
    unwrap(t.ledger.append([{ type: 'comment.recorded', actor: op, batchRef: 'B-B', payload: { text: 'b' } }]));
    expect(auditView(t.ledger, { batchRef: 'B-A' }).map((r) => r.payload.text)).toEqual(['a']);
    expect(auditView(t.ledger, { actor: op, types: ['comment.recorded'] }).length).toBe(2);
    expect(auditView(t.ledger, { fromTime: from, types: ['comment.recorded'] }).map((r) => r.batchRef)).toEqual(['B-B']);
    expect(auditView(t.ledger, { typePrefix: 'user.' }).every((r) => r.type.startsWith('user.'))).toBe(true);
  });
});

describe('opening databases', () => {
  it('refuses a database written by a newer Batchline', () => {
    t.db.sqlite.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', Date.now() + 10 ** 12);
    const r = openStationDb(t.dbPath);
    expect(!r.ok && r.error.code).toBe('DATABASE_NEWER_THAN_CODE');
  });
});
