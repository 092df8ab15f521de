/**
 * IPQC on the station (issue 12 item 2), with the real composition root, a fixed clock, the
 * simulated bench and no hub at all: checks prompted on time and shown due / overdue, the
 * average of N stable readings from a balance, signed results, and an OOS or OOT opening a
 * station deviation and an alert at once, offline.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import type { IpqcPayload } from '../../src-shared/ledger/entry-types/ipqc.ts';
import { makeDispensingStation, DEMO_PASSWORD, type DispensingStation } from '../fakes/dispensing-station.ts';
import { exec, runTo, signAs, SUPERVISOR } from '../engine/engine-test-kit.ts';
import { TABLET_WEIGHT, withCheckPlans } from './ipqc-plans.ts';
import { DEMO_RECIPE } from '../../src-main/demo/demo-master-data.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';

const MIN = 60_000;
const B = 'B-IPQC-001';
const op = { password: DEMO_PASSWORD, username: 'op.li' };

/** Puts one tablet of `mg` on the emptied analytical balance and takes its stable reading. */
async function readTablet(d: DispensingStation, session: string, mg: string) {
  d.bench.clear('BAL-A01');
  d.bench.place('BAL-A01', { amount: mg, unit: 'mg' });
  return d.station.ipqc.readBalance(session, B, 'TW', 'BAL-A01');
}

async function recordTablets(d: DispensingStation, session: string, mgs: string[]) {
  for (const mg of mgs) unwrap(await readTablet(d, session, mg));
  return unwrap(d.station.ipqc.record(session, { batchNumber: B, checkId: 'TW', ...op, username: 'op.li' }));
}

describe('IPQC at the station, offline', () => {
  let d: DispensingStation;
  let session: string;
  let startedAt: number;

  beforeEach(async () => {
    d = await makeDispensingStation();
    withCheckPlans(d);
    d.importOrder(B);
    session = d.login('op.li');
    await runTo(d, B, (v) => v.status === 'in-progress', undefined, { sessionId: session });
    startedAt = Date.parse(d.station.ipqc.view(B).startedAt!);
  });
  afterEach(() => d.close());

  /** Moves the clock; the operator comes back to a screen locked for inactivity and unlocks it. */
  const at = (ms: number) => {
    d.clock.set(new Date(startedAt + ms));
    d.station.auth.unlock(session, DEMO_PASSWORD);
  };
  const check = (id: string) => d.station.ipqc.view(B).checks.find((c) => c.checkId === id)!;

  it('FR-51 a check every 30 minutes is prompted on time with a fake clock: upcoming, due at 30 min, overdue past its 5 min grace, then due again 30 min later', () => {
    expect(check('TW')).toMatchObject({ status: 'upcoming', occurrence: 1, dueAt: new Date(startedAt + 30 * MIN).toISOString() });
    d.clock.set(new Date(startedAt + 30 * MIN - 1));
    expect(check('TW').status).toBe('upcoming');
    d.clock.set(new Date(startedAt + 30 * MIN));
    expect(check('TW')).toMatchObject({ status: 'due', occurrence: 1 });
    d.clock.set(new Date(startedAt + 35 * MIN));
    expect(check('TW').status).toBe('due');
    d.clock.set(new Date(startedAt + 35 * MIN + 1));
    expect(check('TW')).toMatchObject({ status: 'overdue', overdueAt: new Date(startedAt + 35 * MIN).toISOString() });
    // Two intervals late: one check answers the latest occurrence, the one before is missed.
    d.clock.set(new Date(startedAt + 61 * MIN));
    expect(check('TW')).toMatchObject({ status: 'overdue', occurrence: 2, missed: 1, dueAt: new Date(startedAt + 60 * MIN).toISOString() });
  });

  it('FR-51 a check every 10 000 units falls due by the counter and is overdue past its grace; counts only go up', () => {
    expect(check('HARD')).toMatchObject({ status: 'upcoming', dueAtUnits: 10_000 });
    unwrap(d.station.ipqc.countOutput(session, B, 9_999));
    expect(check('HARD').status).toBe('upcoming');
    unwrap(d.station.ipqc.countOutput(session, B, 10_000));
    expect(check('HARD').status).toBe('due');
    unwrap(d.station.ipqc.countOutput(session, B, 12_001));
    expect(check('HARD')).toMatchObject({ status: 'overdue', overdueAtUnits: 12_000 });
    const down = d.station.ipqc.countOutput(session, B, 11_000);
    expect(down.ok ? 'accepted' : down.error.code).toBe('IPQC_OUTPUT_DECREASED');
    const r = unwrap(d.station.ipqc.record(session, { batchNumber: B, checkId: 'HARD', values: ['95', '101', '99'], ...op }));
    expect(r.verdict).toEqual({ oos: false, oosSide: null, ootRules: [] });
    const result = d.station.ledger.bySeq(r.resultSeq)!.payload as IpqcPayload<'ipqc.result_recorded'>;
    expect(result).toMatchObject({ value: '98', occurrence: 1, dueAtUnits: 10_000, overdue: true, values: ['95', '101', '99'] });
    expect(check('HARD')).toMatchObject({ status: 'upcoming', occurrence: 2, dueAtUnits: 20_000 });
  });

  it('FR-52 the average of 5 tablets from 5 stable readings of the simulated balance is one signed result with every reading as the balance sent it and the balance id', async () => {
    at(31 * MIN);
    const r = await recordTablets(d, session, ['498.2', '501.4', '499.9', '502.3', '500.7']);
    // (498.2 + 501.4 + 499.9 + 502.3 + 500.7) / 5 = 500.5 mg
    const e = d.station.ledger.bySeq(r.resultSeq)!;
    const p = e.payload as IpqcPayload<'ipqc.result_recorded'>;
    expect(p).toMatchObject({ checkId: 'TW', value: '500.5', unit: 'mg', sampleSize: 5, source: 'balance', balanceId: 'BAL-A01', occurrence: 1, overdue: false });
    expect(p.readings).toHaveLength(5);
    expect(p.readings.every((x) => x.stable && x.raw.length > 0)).toBe(true);
    // The device: the balance's id on the result; each reading as the balance sent it (DI-04).
    expect(p.readings.map((x) => x.mass)).toEqual(['498.2', '501.4', '499.9', '502.3', '500.7'].map(() => expect.objectContaining({ unit: expect.any(String) })));
    expect(e.actor).toBe(d.station.users.byUsername('op.li')!.userId);
    expect(r).toMatchObject({ signed: true, alertId: null, verdict: { oos: false, ootRules: [] } });
    const sig = d.station.ledger.query({ types: ['signature.applied'] }).at(-1)!;
    expect(sig.payload).toMatchObject({ targetSeq: r.resultSeq, targetHash: e.hash, meaning: 'performed', username: 'op.li' });
    expect(check('TW').results[0]).toMatchObject({ value: '500.5', signedBy: expect.any(String) });
    expect(d.station.ledger.query({ batchRef: B, types: ['deviation.raised'] })).toHaveLength(0);
  });

  it('FR-52 an incomplete sample is refused and recorded as a refusal; a wrong password leaves the result recorded, awaiting its signature', async () => {
    unwrap(await readTablet(d, session, '500.0'));
    const early = d.station.ipqc.record(session, { batchNumber: B, checkId: 'TW', ...op });
    expect(early.ok ? 'accepted' : early.error.code).toBe('IPQC_SAMPLE_INCOMPLETE');
    expect(d.station.ledger.query({ batchRef: B, types: ['engine.command_refused'] }).at(-1)!.payload).toMatchObject({ command: 'ipqc.record', code: 'IPQC_SAMPLE_INCOMPLETE' });
    for (const mg of ['500.0', '500.0', '500.0', '500.0']) unwrap(await readTablet(d, session, mg));
    const r = unwrap(d.station.ipqc.record(session, { batchNumber: B, checkId: 'TW', password: 'wrong-password', username: 'op.li' }));
    expect(r.signed).toBe(false);
    expect(r.signatureError?.code).toBe('SIGNATURE_PASSWORD_INVALID');
    expect(check('TW').results[0]!.signedBy).toBeNull();
    unwrap(d.station.ipqc.signResult(session, B, r.resultSeq, DEMO_PASSWORD, 'op.li'));
    expect(check('TW').results[0]!.signedBy).not.toBeNull();
  });

  it('FR-52 IPQC on the station: an OOS opens a deviation and an alert at once, offline; the supervisor sees and acknowledges it, and approves the deviation by signature', async () => {
    at(30 * MIN);
    const r = await recordTablets(d, session, ['530.1', '528.4', '531.0', '529.9', '526.6']);
    expect(r.verdict).toMatchObject({ oos: true, oosSide: 'above' });
    // Same append: result, deviation naming it, alert naming both.
    const [result, deviation, alert] = d.station.ledger.query({ batchRef: B, afterSeq: r.resultSeq - 1 });
    expect([result!.type, deviation!.type, alert!.type]).toEqual(['ipqc.result_recorded', 'deviation.raised', 'ipqc.alert_raised']);
    expect(deviation!.payload).toMatchObject({ category: 'ipc-out-of-limits', code: 'IPQC_OOS', targetSeq: r.resultSeq, reasonKey: 'ipqc-oos', reasonParams: { checkId: expect.any(String), side: expect.any(String), occurrence: expect.any(Number) } });
    expect(alert!.payload).toMatchObject({ kind: 'oos', resultSeq: r.resultSeq, deviationId: (deviation!.payload as { deviationId: string }).deviationId, notify: ['supervisor', 'qa'], value: '529.2' });
    // The engine's order view carries the deviation as pending (approval by a supervisor).
    expect(d.station.engine.view(B).deviations).toMatchObject([{ seq: deviation!.seq, status: 'pending' }]);
    // The supervisor's alert list at this station (no hub was ever configured).
    const sup = d.login('sup.wang');
    expect(d.station.ipqc.alerts({ open: true })).toMatchObject([{ alertId: r.alertId, kind: 'oos', batchNumber: B, checkId: 'TW', acknowledgedAt: null }]);
    const opAck = d.station.ipqc.acknowledge(session, r.alertId!, null);
    expect(opAck.ok ? 'accepted' : opAck.error.code).toBe('AUTH_ROLE_REQUIRED');
    // FR-84: an alarm needs a comment, so the alert with its alarm does too; one action acknowledges both, linked.
    expect(d.station.ipqc.acknowledge(sup, r.alertId!, null)).toMatchObject({ ok: false, error: { code: 'ALARM_COMMENT_REQUIRED' } });
    expect(unwrap(d.station.ipqc.acknowledge(sup, r.alertId!, 'press stopped, QA called'))).toMatchObject({ acknowledgedBy: 'Wang Fang (王芳)' });
    expect(d.station.ipqc.alerts({ open: true })).toEqual([]);
    expect(d.station.alarms.list({ open: true })).toEqual([]);
    const [alertAck, alarmAck] = d.station.ledger.query({ types: ['ipqc.alert_acknowledged', 'alarm.acknowledged'], limit: 10 });
    expect(alertAck).toMatchObject({ type: 'ipqc.alert_acknowledged', payload: { alertId: r.alertId, alarmId: `IPQC/${r.alertId}` } });
    expect(alarmAck).toMatchObject({ type: 'alarm.acknowledged', seq: alertAck!.seq + 1, payload: { alarmId: `IPQC/${r.alertId}`, alertId: r.alertId, comment: 'press stopped, QA called' } });
    // The deviation is the station's ordinary deviation: approved by the supervisor's signature.
    unwrap(await exec(d, session, B, signAs('approved', SUPERVISOR, deviation!.seq)));
    expect(d.station.engine.view(B).deviations[0]!.status).toBe('approved');
    expect(verifyLedger({ entries: d.station.ledger.iterate(), checkpoints: d.station.ledger.checkpoints() }).ok).toBe(true);
  });

  it('FR-84 acknowledging the alarm an IPQC alert raised acknowledges the alert too, in one append, linked', async () => {
    at(30 * MIN);
    const r = await recordTablets(d, session, ['531.1', '532.4', '531.0', '529.9', '530.6']);
    expect(r.verdict).toMatchObject({ oos: true });
    const sup = d.login('sup.wang');
    const acked = unwrap(d.station.alarms.acknowledge(sup, `IPQC/${r.alertId}`, 'second OOS: press held, QA on the way'));
    expect(acked).toMatchObject({ state: 'closed', acknowledgement: { by: 'Wang Fang (王芳)' } });
    expect(d.station.ipqc.alerts().find((a) => a.alertId === r.alertId)).toMatchObject({ acknowledgedBy: 'Wang Fang (王芳)' });
    const again = d.station.ipqc.acknowledge(sup, r.alertId!, 'again');
    expect(again.ok ? 'accepted' : again.error.code).toBe('IPQC_ALERT_ALREADY_ACKNOWLEDGED');
    const [alarmAck, alertAck] = d.station.ledger.query({ types: ['alarm.acknowledged', 'ipqc.alert_acknowledged'], afterSeq: acked.seq, limit: 10 }).slice(-2);
    expect([alarmAck!.type, alertAck!.type, alertAck!.seq - alarmAck!.seq]).toEqual(['alarm.acknowledged', 'ipqc.alert_acknowledged', 1]);
    expect(alertAck!.payload).toMatchObject({ alarmId: `IPQC/${r.alertId}`, comment: 'second OOS: press held, QA on the way' });
  });

  it('FR-52 a run-rule violation is OOT: two of three beyond 2 sigma on one side (WE2) against the plan control limits, within specification', async () => {
    at(30 * MIN);
    const first = await recordTablets(d, session, ['507', '507', '507', '507', '507']);
    expect(first.verdict).toEqual({ oos: false, oosSide: null, ootRules: [] });
    at(60 * MIN);
    const second = await recordTablets(d, session, ['507', '507', '507', '507', '507']);
    // sigma = (509 − 491) / 6 = 3 mg; 507 is 2.33 sigma above 500, twice in a row.
    expect(second.verdict.oos).toBe(false);
    expect(second.verdict.ootRules.map((x) => x.rule)).toEqual(['WE2']);
    expect(d.station.ledger.bySeq(second.resultSeq + 1)!.payload).toMatchObject({ code: 'IPQC_OOT', targetSeq: second.resultSeq });
    expect(d.station.ipqc.alerts()).toMatchObject([{ kind: 'oot', alertId: second.alertId }]);
  });

  it('FR-52 a balance not qualified today cannot take an IPQC reading (the refusal is recorded)', async () => {
    at(26 * 60 * MIN);
    const r = await readTablet(d, session, '500');
    expect(r.ok).toBe(false);
    expect(d.station.ledger.query({ batchRef: B, types: ['engine.command_refused'] }).at(-1)!.payload).toMatchObject({ command: 'ipqc.readBalance' });
  });

  it('FR-50 a recipe pushed down with a malformed check plan is refused with the reason, and the version in force stays', () => {
    const key = `${DEMO_RECIPE}@2`;
    const current = d.station.masterData.reader.get('recipe', key)!;
    const bad = { ...TABLET_WEIGHT, control: { center: '500', lcl: '520', ucl: '530' } };
    const r = d.station.masterData.applyMasterData([{ kind: 'recipe', key, version: current.version + 1, data: { ...(current.data as object), checkPlans: [bad] } }], { origin: 'hub', cursor: null, servedAt: d.clock.now().toISOString(), actorId: null });
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : JSON.stringify(r.error)).toContain('control limits must be lcl < center < ucl');
    expect(d.station.masterData.reader.get('recipe', key)!.version).toBe(current.version);
  });
});
