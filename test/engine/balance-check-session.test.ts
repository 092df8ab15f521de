/**
 * The readings of an unfinished periodic balance check belong to the session that took them
 * (P11-11 device checks; DI-01 attributable, DI-03 contemporaneous; 21 CFR 11.10(e)): a check
 * recorded as performed by one user never holds a reading another user took, a lock or logout
 * ends the readings, and a reading older than the limit is read again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { DEMO_PASSWORD } from '../fakes/test-station.ts';
import { err, ok, unwrap } from '../../src-shared/result.ts';
import type { EngineConfig } from '../../src-main/core/engine/engine-config.ts';

const MINUTE = 60_000;
const KG5 = 'F1 5 kg #P11';
const G500 = 'F1 500 g #P04';
const KG1 = 'F1 1 kg #P07';

describe('periodic balance check readings per session (P11-11, DI-01, DI-03)', () => {
  let d: DispensingStation | undefined;
  let base = 0;
  afterEach(() => {
    d?.close();
    d = undefined;
  });

  async function station(engine: Partial<EngineConfig> = {}): Promise<DispensingStation> {
    d = await makeDispensingStation({ engine });
    base = d.station.ledger.head()?.seq ?? 0;
    return d;
  }
  async function read(s: string, testWeight: string, grams: string) {
    d!.bench.clear('BAL-P01');
    d!.bench.place('BAL-P01', { amount: grams, unit: 'g' });
    return unwrap(await d!.station.balanceChecks.readTestWeight(s, 'BAL-P01', testWeight));
  }
  /** The checks recorded in this test (the station's template has its booth's checks). */
  const checks = () => d!.station.ledger.query({ types: ['balance.check_recorded'], afterSeq: base, limit: 100 });

  it("P11-11 DI-01 A takes two readings, B completes the check: B's record holds only B's readings, B starts over", async () => {
    await station();
    const plan = d!.station.masterData.reader.get('balance', 'BAL-P01')!.data.checkPlan;
    d!.revise('balance', 'BAL-P01', { checkPlan: { ...plan, points: [...plan.points, { testWeight: KG1, nominal: { amount: '1000.00', unit: 'g' }, acceptance: { amount: '0.10', unit: 'g' } }] } });
    const a = d!.login('op.li');
    // A's readings would fail the check: none of them may end up in B's record.
    expect((await read(a, KG5, '5001.00')).remaining).toEqual([G500, KG1]);
    expect((await read(a, G500, '500.50')).remaining).toEqual([KG1]);
    const b = d!.login('sup.wang');
    const first = await read(b, KG1, '1000.00');
    expect(first.recorded).toBeNull();
    expect(first.remaining).toEqual([KG5, G500]);
    // A's session can no longer finish with its own readings either: B took the balance over.
    expect((await read(b, KG5, '5000.00')).remaining).toEqual([G500]);
    const done = await read(b, G500, '500.00');
    expect(done.recorded?.passed).toBe(true);
    const [entry] = checks();
    const bUser = d!.station.auth.sessions.get(b)!.userId;
    expect(entry!.actor).toBe(bUser);
    expect(entry!.payload.performedBy).toBe('sup.wang');
    expect((entry!.payload.results as Array<{ testWeight: string; reading: { amount: string } }>).map((r) => [r.testWeight, r.reading.amount])).toEqual([
      [KG5, '5000.00'],
      [G500, '500.00'],
      [KG1, '1000.00'],
    ]);
  });

  it('P11-11 DI-03 a reading older than the limit (checkReadingMaxAgeMinutes) is not used; one within it is', async () => {
    await station({ checkReadingMaxAgeMinutes: 5 });
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    d!.clock.advance(6 * MINUTE);
    const late = await read(a, G500, '500.00');
    expect(late.recorded).toBeNull();
    expect(late.remaining).toEqual([KG5]);
    d!.clock.advance(4 * MINUTE);
    const done = await read(a, KG5, '5000.00');
    expect(done.recorded?.passed).toBe(true);
    expect(checks()).toHaveLength(1);
  });

  it('P11-11 DI-03 the default limit is 30 minutes of readings, however active the session', async () => {
    await station();
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    // The session stays active (no inactivity lock), the reading grows old.
    for (let i = 0; i < 4; i++) {
      d!.clock.advance(8 * MINUTE);
      unwrap(d!.station.auth.require(a));
    }
    const late = await read(a, G500, '500.00');
    expect(late.remaining).toEqual([KG5]);
    expect(checks()).toHaveLength(0);
  });

  it("P11-11 DI-01 A's lock drops A's pending readings, even when A unlocks again", async () => {
    await station();
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    unwrap(d!.station.auth.lock(a));
    unwrap(d!.station.auth.unlock(a, DEMO_PASSWORD));
    expect((await read(a, G500, '500.00')).remaining).toEqual([KG5]);
    expect(checks()).toHaveLength(0);
    expect((await read(a, KG5, '5000.00')).recorded?.passed).toBe(true);
  });

  it("P11-11 DI-01 FR-139 FR-137 A's lock whose entry the ledger refused (the session is locked all the same) still drops A's readings once A unlocks", async () => {
    await station();
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    // The GMP gate refuses the lock's entry: the lock fails closed, unrecorded.
    d!.station.ledger.setGate((entries) => (entries.some((e) => e.type === 'session.locked') ? err('STATION_INTEGRITY_FAILED', 'refused by the test gate') : ok(undefined)));
    expect(d!.station.auth.lock(a).ok).toBe(false);
    expect(d!.station.auth.require(a).ok).toBe(false);
    expect(d!.station.ledger.query({ types: ['session.locked'], afterSeq: base, limit: 10 })).toHaveLength(0);
    unwrap(d!.station.auth.unlock(a, DEMO_PASSWORD));
    // The reading before the lock is gone: the check starts over.
    expect((await read(a, G500, '500.00')).remaining).toEqual([KG5]);
    expect(checks()).toHaveLength(0);
  });

  it("P11-11 DI-01 A's inactivity lock drops A's pending readings", async () => {
    await station();
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    // The inactivity lock (10 minutes), recorded when the session is next used.
    d!.clock.advance(11 * MINUTE);
    expect(d!.station.auth.require(a).ok).toBe(false);
    unwrap(d!.station.auth.unlock(a, DEMO_PASSWORD));
    expect((await read(a, G500, '500.00')).remaining).toEqual([KG5]);
    expect(checks()).toHaveLength(0);
  });

  it("P11-11 DI-01 A's logout drops A's pending readings; A logged in again starts over", async () => {
    await station();
    const a = d!.login('op.li');
    await read(a, KG5, '5000.00');
    unwrap(d!.station.auth.logout(a));
    const again = d!.login('op.li');
    expect((await read(again, G500, '500.00')).remaining).toEqual([KG5]);
    expect(checks()).toHaveLength(0);
  });
});
