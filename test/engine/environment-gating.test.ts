/**
 * Environmental step gating (issue 13 item 1): a step whose room is in an action excursion is
 * refused with the room, quantity, value and limit; a supervisor's approved override (reason +
 * e-signature, a ledger entry) lets work go on for that excursion only; the excursion is in the
 * batch's record; the hub's room state blocks a station that hears nothing from the broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import type { RoomQuantityState } from '../../src-shared/environment/environment-contract.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { reading, roomWithLimits } from '../environment/room-fixtures.ts';
import { at, exec, expectRefused, OPERATOR, refusalsOf, runTo, signAs, SUPERVISOR, view } from './engine-test-kit.ts';

const B = 'B-ENV-1';
const ROOM = 'B1.04'; // the demo booth's room
let d: DispensingStation;
afterEach(() => d?.close());

const param = { type: 'enter-parameter', stepId: 'S03', value: '21.5' } as const;
const minutesAgo = (n: number) => d.clock.now().getTime() - n * 60_000;

async function atRoomTemperatureStep(): Promise<string> {
  d = await makeDispensingStation();
  d.applyMasterData([{ kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }]);
  d.importOrder(B);
  await runTo(d, B, at('S03'));
  return d.login('op.li');
}

function excursionEntries() {
  return d.station.ledger.query({ batchRef: B, types: ['environment.excursion_recorded'] }).map((e) => e.payload as { event: string; source: string; excursion: { excursionId: string } });
}

describe('an excursion blocking a step, then the supervisor override', () => {
  it('FR-62 a step in a room at the action level is refused naming room, quantity, value and limit; the refusal is recorded', async () => {
    const s = await atRoomTemperatureStep();
    expect(d.station.environment.observe(reading(ROOM, 'temperature', 21, minutesAgo(3))).ok).toBe(true);
    const started = d.station.environment.observe(reading(ROOM, 'temperature', 26.4, minutesAgo(2)));
    expect(started.ok && started.value.map((e) => e.kind)).toEqual(['started']);
    const r = await exec(d, s, B, param);
    expectRefused(r, 'ENV_ACTION_EXCURSION');
    expect(r.ok ? null : r.error.details).toMatchObject({ room: ROOM, quantity: 'temperature', value: 26.4, unit: '°C', limit: 25 });
    expect(refusalsOf(d, B).at(-1)).toMatchObject({ command: 'enter-parameter', code: 'ENV_ACTION_EXCURSION', stepId: 'S03' });
    expect(excursionEntries().map((e) => [e.event, e.source])).toEqual([['started', 'broker']]);
    expect(view(d, B).current?.stepId).toBe('S03');
  });

  it('FR-62 an override needs a reason and a supervisor approval (e-signature); it holds for that excursion only', async () => {
    const s = await atRoomTemperatureStep();
    expectRefused(await exec(d, s, B, { type: 'raise-deviation', category: 'environment-excursion', reason: 'no excursion here at all' }), 'DEVIATION_NOT_ALLOWED');
    d.station.environment.observe(reading(ROOM, 'temperature', 26.4, minutesAgo(5)));
    const raised = await exec(d, s, B, { type: 'raise-deviation', category: 'environment-excursion', reason: 'Sensor beside the open door; product stays in closed containers' });
    expect(raised.ok).toBe(true);
    const devSeq = raised.ok ? raised.value.appended[0]!.seq : 0;
    // Raised but not approved: still blocked. The operator cannot approve.
    expectRefused(await exec(d, s, B, param), 'ENV_ACTION_EXCURSION');
    expectRefused(await exec(d, s, B, signAs('approved', OPERATOR, devSeq)), 'SIGNATURE_ROLE_REQUIRED');
    expect((await exec(d, s, B, signAs('approved', SUPERVISOR, devSeq))).ok).toBe(true);
    expect((await exec(d, s, B, param)).ok).toBe(true);

    // The excursion ends (back inside by the hysteresis); a new one needs a new override.
    d.station.environment.observe(reading(ROOM, 'temperature', 22, minutesAgo(4)));
    d.station.environment.observe(reading(ROOM, 'temperature', 27, minutesAgo(3)));
    expectRefused(await exec(d, s, B, { type: 'enter-parameter', stepId: 'S04', value: '45' }), 'ENV_ACTION_EXCURSION');
    expect(excursionEntries().map((e) => e.event)).toEqual(['started', 'ended', 'started']);

    const record = buildBatchRecord(B, d.station.ledger.query({ batchRef: B }), { user: (id) => d.station.users.byId(id) });
    expect(record.deviations.find((x) => x.category === 'environment-excursion')).toMatchObject({ status: 'approved', code: 'ENV_ACTION_EXCURSION' });
    expect(record.environment.map((x) => [x.room, x.quantity, x.level, x.peak.value, x.endedAt !== null])).toEqual([
      [ROOM, 'temperature', 'action', 26.4, true],
      [ROOM, 'temperature', 'action', 27, false],
    ]);
  });

  it('FR-64 the hub\'s room state blocks a station that hears nothing from the broker; a newer local reading outvotes an older hub answer; a restart still blocks', async () => {
    const s = await atRoomTemperatureStep();
    const t = new Date(minutesAgo(10)).toISOString();
    const excursion = { excursionId: `${ROOM}/differential-pressure/${t}`, room: ROOM, quantity: 'differential-pressure' as const, unit: 'Pa', side: 'low' as const, level: 'action' as const, startedAt: t, actionStartedAt: t, endedAt: null, peak: { value: 7, at: t }, alertLimit: 12, actionLimit: 10, acknowledgement: null };
    const hub: RoomQuantityState = { room: ROOM, quantity: 'differential-pressure', level: 'action', lastValue: 8, lastTime: new Date(minutesAgo(5)).toISOString(), excursion };
    expect(d.station.environment.applyHub([hub]).ok).toBe(true);
    const r = await exec(d, s, B, param);
    expect(r.ok ? null : r.error.details).toMatchObject({ room: ROOM, quantity: 'differential-pressure', value: 8, limit: 10 });
    expect(excursionEntries().map((e) => [e.event, e.source])).toEqual([['started', 'hub']]);
    d.restart();
    const s2 = d.login('op.li');
    expectRefused(await exec(d, s2, B, param), 'ENV_ACTION_EXCURSION');
    // The station's own broker says 15 Pa one minute ago: newer than the hub's answer.
    d.station.environment.observe(reading(ROOM, 'differential-pressure', 15, minutesAgo(1)));
    expect((await exec(d, s2, B, param)).ok).toBe(true);
  });
});
