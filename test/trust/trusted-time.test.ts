/**
 * An auditor's afternoon, attack 1 (COMPLIANCE.md §6): the PC clock is set back to record a
 * weighing "on time". Rows A11-22 (trustworthy time), DI-03 (contemporaneous), DI-07
 * (consistent, never backwards).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestStation, TEST_SECRET, type TestStation } from '../fakes/test-station.ts';
import { unwrap } from '../../src-shared/result.ts';
import { buildEntry } from '../../src-core/ledger/entry-hash.ts';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { changeSetting } from '../fakes/change-setting.ts';
import { cli, fileCopy } from './support.ts';

let t: TestStation;
afterEach(() => t?.cleanup());

const comment = (actor: string, text: string) => [{ type: 'comment.recorded', actor, batchRef: 'B-1', payload: { text } }];

describe('trusted time', () => {
  it('DI-07 an entry is never dated before the last one: a clock set back one hour is refused at append', () => {
    t = makeTestStation();
    const op = t.userId('op.li');
    t.clock.advance(60_000);
    const before = unwrap(t.ledger.append(comment(op, 'weighed line 1')))[0]!;
    t.clock.advance(-3_600_000);
    const late = t.ledger.append(comment(op, 'weighed line 2 "on time"'));
    expect(!late.ok && late.error.code).toBe('LEDGER_TIME_BACKWARDS');
    expect(t.ledger.head()!.seq).toBe(before.seq);
    t.clock.advance(3_600_000);
    expect(t.ledger.append(comment(op, 'weighed line 2')).ok).toBe(true);
  });

  it('A11-22 beyond the configured drift from the hub the station records "time not trusted" and blocks GMP work', () => {
    t = makeTestStation();
    const op = t.userId('op.li');
    const hubTime = new Date(t.clock.now().getTime() + 2 * 3_600_000); // the station is two hours behind
    expect(t.timeTrust.compare(hubTime).trusted).toBe(false);
    const recorded = t.ledger.query({ types: ['station.time_untrusted'] });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.payload).toMatchObject({ driftSeconds: -7200, maxDriftSeconds: 60, policy: 'block' });
    const refused = t.ledger.append(comment(op, 'weighed while the clock is wrong'));
    expect(!refused.ok && refused.error.code).toBe('STATION_TIME_UNTRUSTED');
    // Administration and the audit trail go on: an admin can still log in.
    expect(t.auth.login('admin', 'Batchline-demo-1').ok).toBe(true);
    // The clock is corrected: trusted again, and recorded.
    t.clock.set(hubTime);
    expect(t.timeTrust.compare(hubTime).trusted).toBe(true);
    expect(t.ledger.query({ types: ['station.time_trusted'] })).toHaveLength(1);
    expect(t.ledger.append(comment(op, 'weighed after the correction')).ok).toBe(true);
  });

  it('A11-22 with policy "record and flag" work goes on and the untrusted period is in the record', () => {
    t = makeTestStation();
    changeSetting(t, 'time', { maxDriftSeconds: 30, untrustedPolicy: 'flag' }, 'site SOP: record and flag');
    expect(t.timeTrust.compare(new Date(t.clock.now().getTime() + 45_000)).trusted).toBe(false);
    expect(t.ledger.query({ types: ['station.time_untrusted'] })[0]!.payload).toMatchObject({ policy: 'flag', maxDriftSeconds: 30 });
    expect(t.ledger.append(comment(t.userId('op.li'), 'weighed, flagged')).ok).toBe(true);
  });

  it('A11-22 an untrusted clock stays untrusted across a restart', () => {
    t = makeTestStation();
    t.timeTrust.compare(new Date(t.clock.now().getTime() - 600_000));
    t.close();
    const again = makeTestStation({ dir: t.dir, withUsers: false });
    try {
      expect(again.timeTrust.state()).toEqual({ trusted: false, policy: 'block', driftSeconds: 600 });
      expect(again.timeTrust.blocked()?.code).toBe('STATION_TIME_UNTRUSTED');
    } finally {
      again.close();
    }
  });

  it('DI-07 batchline verify names every entry dated before its predecessor (written by a clock set back)', async () => {
    t = makeTestStation({ config: { checkpointEvery: 1000 } });
    const op = t.userId('op.li');
    t.clock.advance(3_600_000);
    unwrap(t.ledger.append(comment(op, 'weighed at 02:00')));
    // What a station without the append check wrote after its clock was set back one hour.
    const back = new Date(t.clock.now().getTime() - 3_600_000);
    let prev = t.ledger.head()!;
    const seqs: number[] = [];
    for (const text of ['late weighing', 'late co-sign']) {
      const e = buildEntry(prev, comment(op, text)[0]!, { stationId: t.stationId, time: back.toISOString(), tzOffset: '+08:00' });
      t.db.sqlite.prepare('insert into ledger_entries (seq, station_id, time, tz_offset, type, actor, batch_ref, payload, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?)').run(e.seq, e.stationId, e.time, e.tzOffset, e.type, e.actor, e.batchRef, canonicalJson(e.payload), e.prevHash, e.hash);
      prev = { seq: e.seq, hash: e.hash };
      seqs.push(e.seq);
    }
    const r = await cli({ BATCHLINE_STATION_SECRET: TEST_SECRET }, 'verify', '--db', fileCopy(t), '--json');
    expect(r.code).not.toBe(0);
    const out = JSON.parse(r.out) as { ok: boolean; code: string; seq: number; entries: number[]; reason: string };
    expect(out).toMatchObject({ ok: false, code: 'LEDGER_TIME_BACKWARDS', seq: seqs[0] });
    // The first late entry goes back against the one before; the second only repeats its time.
    expect(out.entries).toEqual([seqs[0]]);
    expect(out.reason).toContain(`entry ${seqs[0]}`);
  });
});
