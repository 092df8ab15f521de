import { afterAll, describe, expect, it } from 'vitest';
import { makeTestStation } from '../../test/fakes/test-station.ts';
import { stationActivity } from '../../test/hub/support/station-activity.ts';

/**
 * The push page is serialised from the stored rows (LedgerStore.entriesJson, each payload's
 * stored text put in as it is) instead of iterate()'s objects serialised: the hub must receive
 * the same entries, every field and every payload value.
 */
describe('push page entries as JSON', () => {
  const station = makeTestStation();
  afterAll(() => station.cleanup());
  stationActivity(station).record(300);
  const appended = station.ledger.append([{ type: 'comment.recorded', actor: null, payload: { text: 'quote " backslash \\ tab \t newline \n 中文 é \u2028 end' } }]);
  if (!appended.ok) throw new Error(appended.error.message);
  const head = station.ledger.head()!.seq;

  it('FR-08 a push page read as JSON from the stored rows holds exactly the entries iterate() reads, field by field, payloads with escapes included', () => {
    for (const [from, to] of [
      [1, head],
      [17, 240],
      [head, head],
    ] as const) {
      const page = station.ledger.entriesJson(from, to);
      const entries = [...station.ledger.iterate(from, to)];
      expect(JSON.parse(page.json.toString('utf8'))).toStrictEqual(JSON.parse(JSON.stringify(entries)));
      expect(page.count).toBe(entries.length);
      expect(page.lastSeq).toBe(entries.at(-1)!.seq);
    }
    expect(station.ledger.entriesJson(head + 1, head + 10)).toEqual({ json: Buffer.from('[]'), count: 0, lastSeq: null });
  });

  it('FR-08 a payload nested deeper than SQLite json() takes (1,000 levels) still makes its page, from iterate(): sync never stops on it', () => {
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 1_100; i++) deep = { d: deep };
    const r = station.ledger.append([{ type: 'equipment.used', actor: null, batchRef: 'B-DEEP-1', payload: { equipmentId: 'GRN-01', equipmentVersion: 1, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-DEEP', clearance: deep } }]);
    if (!r.ok) throw new Error(r.error.message);
    const seq = station.ledger.head()!.seq;
    const page = station.ledger.entriesJson(seq - 1, seq);
    expect(JSON.parse(page.json.toString('utf8'))).toStrictEqual(JSON.parse(JSON.stringify([...station.ledger.iterate(seq - 1, seq)])));
    expect(page).toMatchObject({ count: 2, lastSeq: seq });
  });
});
