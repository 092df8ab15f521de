/**
 * `holds(entry)`: whether the ledger holds an entry as it was written, the check behind a
 * session's login, the trusted clock and the hub's acknowledged entry (FR-137). An entry
 * appended inside an outer transaction that rolled back is not held, nor is another entry later
 * written at its seq.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestStation, type TestStation } from '../../test/fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';

let t: TestStation | undefined;
afterAll(() => t?.cleanup());

describe('LedgerStore.holds', () => {
  it('FR-137 holds an entry by its seq and hash; not one rolled back with an outer transaction, nor another hash at its seq', () => {
    t = makeTestStation();
    const station = t;
    const note = (text: string) => unwrap(station.ledger.append([{ type: 'comment.recorded', actor: null, batchRef: null, payload: { text } }]))[0]!;
    const kept = note('kept');
    expect(station.ledger.holds(kept)).toBe(true);
    expect(station.ledger.holds({ seq: kept.seq, hash: kept.hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toBe(false);
    expect(station.ledger.holds({ seq: kept.seq + 1, hash: kept.hash })).toBe(false);

    let gone: LedgerEntry | undefined;
    expect(() =>
      station.db.sqlite.transaction(() => {
        gone = note('rolled back');
        expect(station.ledger.holds(gone)).toBe(true);
        throw new Error('the outer transaction fails after the append returned');
      })(),
    ).toThrow('outer transaction fails');
    expect(station.ledger.holds(gone!)).toBe(false);

    const next = note('written where the rolled-back entry was');
    expect(next.seq).toBe(gone!.seq);
    expect(next.hash).not.toBe(gone!.hash);
    expect(station.ledger.holds(gone!)).toBe(false);
    expect(station.ledger.holds(next)).toBe(true);
    expect(station.ledger.holds(kept)).toBe(true);
  });
});
