/**
 * FR-150 (issue 16 item 3, session 15): a push page's request bytes come from one SQLite BLOB and
 * a Buffer.concat (no JavaScript string of the page), and the hub reads a station's page entry by
 * entry (no string of the whole body). Both must be exactly what they replaced: the same bytes as
 * the session-14 station (json_object rows joined as strings, encoded once) and the same value as
 * JSON.parse of the whole body, with every body the whole-body reading refuses still refused, with
 * the same message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestStation } from '../fakes/test-station.ts';
import { stationActivity } from './support/station-activity.ts';
import { pushBodyBytes } from '../../src-main/sync/hub-client.ts';
import { readJsonBody, readPushPage } from '../../src-server/http/json-body.ts';
import { MAX_PUSH_ENTRIES } from '../../src-shared/sync/sync-protocol.ts';

/** The whole-body reading, as readJsonBody did it before FR-150. */
function wholeBody(raw: Buffer): ReturnType<typeof readJsonBody> {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { ok: false, message: 'the body is not valid JSON' };
  }
}

describe('push page bytes (FR-150)', () => {
  const station = makeTestStation();
  afterAll(() => station.cleanup());
  stationActivity(station).record(300);

  /** The page as the session-14 station built it: json_object per row (payload through json()), joined as strings, encoded once. */
  const OLD_ROWS =
    "select seq, json_object('seq', seq, 'stationId', station_id, 'time', time, 'tzOffset', tz_offset, 'type', type, 'actor', actor, 'batchRef', batch_ref, 'payload', json(payload), 'prevHash', prev_hash, 'hash', hash) from ledger_entries where seq >= ? and seq <= ? order by seq";
  const oldBody = (from: number, to: number, atHead: boolean): Buffer => {
    const rows = station.db.sqlite.prepare(OLD_ROWS).raw().all(from, to) as [number, string][];
    const entriesJson = `[${rows.map((r) => r[1]).join(',')}]`;
    const checkpoints = station.ledger.checkpoints(from - 1, to);
    return Buffer.from(`{"entries":${entriesJson},"checkpoints":${JSON.stringify(checkpoints)},"atHead":${atHead ? 'true' : 'false'}}`, 'utf8');
  };

  it('FR-150 the push page\'s request bytes, built from one SQLite BLOB without a JavaScript string, are byte for byte the bytes of the json_object path they replaced, and the hub reads them entry by entry to the same value', () => {
    const odd = station.ledger.append([
      { type: 'comment.recorded', actor: null, payload: { text: 'a },{"seq": inside a text, \\u0000 as text, 😀 é \u0007 bell \u2028' } },
      { type: 'equipment.used', actor: null, batchRef: 'B-ODD-1', payload: { equipmentId: 'GRN-01', equipmentVersion: 1, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-ODD', clearance: { '10': 1, '9': [2.5, 1e21, -0, 0.1, null, true], 'ü': { '}]': '[{' } } } },
      { type: 'equipment.used', actor: null, batchRef: 'B-ODD-1', payload: { equipmentId: 'GRN-01', equipmentVersion: 1, class: 'granulator', stepId: 'S02', stepIndex: 1, product: 'FG-ODD', clearance: { list: [{ x: 1 }, { seq: 2 }] } } },
    ]);
    if (!odd.ok) throw new Error(odd.error.message);
    const last = station.ledger.head()!.seq;
    for (const [from, to] of [
      [1, 40],
      [17, 240],
      [200, last],
      [last - 2, last - 2],
      [last - 1, last - 1],
      [last, last],
    ] as const) {
      const entries = station.ledger.entriesJson(from, to);
      expect(Buffer.isBuffer(entries.json)).toBe(true);
      const page = { entriesJson: entries.json, checkpoints: station.ledger.checkpoints(from - 1, to), atHead: to === last };
      const bytes = pushBodyBytes(page);
      expect(bytes.equals(oldBody(from, to, page.atHead))).toBe(true);
      // The hub reads it to exactly JSON.parse of the whole body: entry by entry where it can
      // (every page of ordinary entries), whole where an entry holds a \\u escape or `},{"seq":`.
      expect(readJsonBody(bytes)).toStrictEqual({ ok: true, value: JSON.parse(bytes.toString('utf8')) });
      expect(readPushPage(bytes) === undefined).toBe((from <= last - 2 && to >= last - 2) || to === last);
    }
  });

  it('FR-150 a push page altered in its bytes is read or refused exactly as the whole body is: broken JSON, a trailing comma, text after it refused; "entries" twice and spaces read whole; an escaped NUL or half a surrogate pair refused as before', () => {
    const head = station.ledger.head()!.seq;
    const page = pushBodyBytes({ entriesJson: station.ledger.entriesJson(1, 30).json, checkpoints: station.ledger.checkpoints(0, 30), atHead: head === 30 });
    const text = page.toString('utf8');
    expect(readPushPage(page)).toBeDefined();
    const secondEntry = text.indexOf('},{"seq":2,');
    expect(secondEntry).toBeGreaterThan(0);
    const altered: [string, string][] = [
      ['cut in an entry', text.slice(0, secondEntry - 20)],
      ['cut after the entries', text.slice(0, text.indexOf('],"checkpoints"') + 1)],
      ['a brace removed between entries', text.slice(0, secondEntry) + text.slice(secondEntry + 1)],
      ['a comma removed between entries', text.slice(0, secondEntry + 1) + text.slice(secondEntry + 2)],
      ['a trailing comma after the entries', text.replace('],"checkpoints":', '],}')],
      ['a comma and no key after the entries', text.replace('],"checkpoints":', '],,"checkpoints":')],
      ['an unterminated text in an entry', text.replace('"stationId":"', '"stationId":"\\')],
      ['"entries" twice', text.replace('"atHead":', '"entries":[],"atHead":')],
      ['spaces between entries', text.replace('},{"seq":2,', '} , {"seq":2,')],
      ['text after the body', `${text}x`],
    ];
    for (const [what, body] of altered) {
      const raw = Buffer.from(body, 'utf8');
      const read = readJsonBody(raw);
      const whole = wholeBody(raw);
      if (whole.ok) expect(read, what).toStrictEqual(whole);
      else expect(read, what).toStrictEqual({ ok: false, message: 'the body is not valid JSON' });
      if (what === '"entries" twice' || what === 'spaces between entries') expect(read.ok, what).toBe(true);
      else expect(read.ok, what).toBe(false);
    }
    expect(readJsonBody(Buffer.from(text.replace('"stationId":"', '"stationId":"\\u0000'), 'utf8'))).toMatchObject({ ok: false, message: expect.stringContaining('NUL') as unknown });
    expect(readJsonBody(Buffer.from(text.replace('"stationId":"', '"stationId":"\\ud800'), 'utf8'))).toMatchObject({ ok: false, message: expect.stringContaining('surrogate') as unknown });
  });

  it('FR-150 attacker: a body of more entries than a push page may hold is read whole, not piece by piece, before its signature is checked, and reads to the same value', () => {
    const many = (n: number) => Buffer.from(`{"entries":[${Array.from({ length: n }, (_, k) => `{"seq":${k + 1}}`).join(',')}],"checkpoints":[],"atHead":true}`, 'utf8');
    expect(readPushPage(many(MAX_PUSH_ENTRIES))).toBeDefined();
    const tooMany = many(MAX_PUSH_ENTRIES + 1);
    expect(readPushPage(tooMany)).toBeUndefined();
    expect(readJsonBody(tooMany)).toEqual({ ok: true, value: JSON.parse(tooMany.toString('utf8')) });
  });
});
