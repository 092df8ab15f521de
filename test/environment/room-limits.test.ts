/**
 * FR-110: a room's environmental limits changed through the hub's API as the console does it —
 * signed by QA with a reason, a new master-data version in the stations' feed, audited — and
 * effective for excursion evaluation from the change on: excursions already judged keep their
 * limits, a late reading from before the change is judged by the limits then in force, and a
 * refusal (wrong password, stale version, alert outside action, a role that may not) changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { hubAudit } from '../../src-server/db/schema.ts';
import { EnvironmentService } from '../../src-server/environment/environment-service.ts';
import type { RoomChange, RoomOverview } from '../../src-shared/environment/environment-contract.ts';
import type { QuantityLimits } from '../../src-shared/master-data/room.ts';
import { HUB_PASSWORD, startQualityHub, type QualityHub } from '../quality/support/quality-hub.ts';
import { provisionHubUser } from '../hub/support/provision-user.ts';
import { reading, roomWithLimits } from './room-fixtures.ts';

const ROOM = 'B3.07';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
const TIGHTER: QuantityLimits[] = [
  { quantity: 'temperature', alert: { low: 18, high: 21 }, action: { low: 15, high: 22 }, hysteresis: 0.5, debounceReadings: 1 },
  { quantity: 'differential-pressure', alert: { low: 14, high: null }, action: { low: 12, high: null }, hysteresis: 1, debounceReadings: 1 },
];

let q: QualityHub;
let env: EnvironmentService;
const api = async <T>(who: string, method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token(who));

beforeAll(async () => {
  q = await startQualityHub('pglite');
  env = new EnvironmentService(q.hub.hub.services.ctx);
  const put = await q.hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits per Annex 1', via: 'seed' });
  expect(put.ok).toBe(true);
}, 120_000);
afterAll(async () => {
  await q?.close();
});

describe('room limits changed in the console', () => {
  it('FR-110 QA signs new room limits with a reason: a new master-data version for the stations, audited, judged from the change on', async () => {
    const db = q.hub.hub.services.ctx.db;
    // The hub runs on the station's test clock: version 1 was made at t0, the change comes 10 minutes later.
    const before = q.station.clock.now().getTime() + 9 * 60_000;
    q.station.clock.advance(10 * 60_000);
    // Judged under version 1: 24 °C is an alert (alert high 23, action high 25).
    const early = await env.ingest(reading(ROOM, 'temperature', 24, before - 60_000), 'test');
    expect(early.events.map((e) => [e.kind, e.excursion.level, e.excursion.alertLimit])).toEqual([['started', 'alert', 23]]);

    const path = `/api/v1/environment/rooms/${ROOM}/limits`;
    const body = { limits: TIGHTER, expectedVersion: 1, reason: 'Annex 1 review: tighter limits for grade C', password: HUB_PASSWORD };
    // Refusals change nothing: a role that may not, alert outside action, a wrong password, a stale version.
    expect((await api('op.hub', 'POST', path, body)).status).toBe(403);
    const outside = await api<{ error: { code: string } }>('qa.hub', 'POST', path, { ...body, limits: [{ ...TIGHTER[0]!, alert: { low: 18, high: 23 } }] });
    expect([outside.status, outside.body.error.code]).toEqual([400, 'INPUT_INVALID']);
    const wrong = await api<{ error: { code: string } }>('qa.hub', 'POST', path, { ...body, password: 'not-the-password' });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    const stale = await api<{ error: { code: string } }>('qa.hub', 'POST', path, { ...body, expectedVersion: 7 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'MASTER_DATA_VERSION_CONFLICT']);
    expect((await api<{ error: { code: string } }>('qa.hub', 'POST', `/api/v1/environment/rooms/NOPE/limits`, body)).body.error.code).toBe('ENV_ROOM_UNKNOWN');
    expect((await q.hub.hub.services.masterData.get('room', ROOM)).ok && (await q.hub.hub.services.masterData.get('room', ROOM) as { value: { version: number } }).value.version).toBe(1);
    expect(await db.select().from(hubAudit).where(and(eq(hubAudit.action, 'environment.refused'), eq(hubAudit.subject, ROOM)))).toHaveLength(1);

    const signed = await api<RoomChange>('qa.hub', 'POST', path, body);
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body).toMatchObject({ version: 2, changedBy: 'qa.hub', printedName: 'Quinn Reviewer', reason: body.reason, limits: TIGHTER });
    expect(signed.body.signatureId).toEqual(expect.any(Number));

    // The console's views: the room at version 2 with the new limits, and its versions with who and why.
    const rooms = (await api<RoomOverview[]>('qa.hub', 'GET', '/api/v1/environment/rooms')).body;
    expect(rooms.find((r) => r.roomId === ROOM)).toMatchObject({ version: 2, limits: TIGHTER });
    const history = (await api<RoomChange[]>('op.hub', 'GET', `/api/v1/environment/rooms/${ROOM}/changes`)).body;
    expect(history.map((h) => [h.version, h.changedBy, h.printedName, h.reason, h.signatureId !== null])).toEqual([
      [2, 'qa.hub', 'Quinn Reviewer', body.reason, true],
      [1, 'md.steward', null, 'environmental limits per Annex 1', false],
    ]);
    // Audited: the signature (with old and new limits) and the master-data change with the reason.
    const trail = await db.select().from(hubAudit).where(eq(hubAudit.subject, ROOM));
    const sig = trail.find((a) => a.action === 'environment.limits_changed');
    expect(sig?.actor).toBe('qa.hub');
    expect(sig?.details).toMatchObject({ meaning: 'approved', data: { fromVersion: 1, toVersion: 2, limits: TIGHTER, reason: body.reason } });
    expect((await db.select().from(hubAudit).where(and(eq(hubAudit.action, 'masterdata.changed'), eq(hubAudit.subject, `room/${ROOM}`)))).map((a) => a.details)).toContainEqual({ version: 2, reason: body.reason, setBy: 'room-limits' });
    // Served to stations: the feed they pull carries version 2.
    const feed = await q.hub.hub.services.masterData.feed(null, 1000);
    expect(feed.changes.filter((c) => c.kind === 'room' && c.key === ROOM).map((c) => [c.version, (c.data as { limits: unknown }).limits])).toEqual([
      [1, roomWithLimits(ROOM).limits],
      [2, TIGHTER],
    ]);

    // Not retroactive: the excursion judged before keeps its level and limits.
    const [kept] = await env.list({ room: ROOM });
    expect(kept).toMatchObject({ level: 'alert', alertLimit: 23, actionLimit: 25, peak: { value: 24 } });
    // From the change on: 22.5 °C is beyond the new action limit 22 (it was inside 25).
    const changedAt = Date.parse(signed.body.changedAt);
    const after = await env.ingest(reading(ROOM, 'temperature', 22.5, changedAt + 1000), 'test');
    expect(after.events.map((e) => [e.kind, e.excursion.level, e.excursion.alertLimit, e.excursion.actionLimit])).toEqual([['escalated', 'action', 23, 22]]);
    // A late reading from before the change is judged by the limits then in force: 13 Pa was inside (alert low 12).
    const late = await env.ingest(reading(ROOM, 'differential-pressure', 13, changedAt - 5000), 'test');
    expect([late.applied, late.events]).toEqual([true, []]);
    const now = await env.ingest(reading(ROOM, 'differential-pressure', 13, changedAt + 2000), 'test');
    expect(now.events.map((e) => [e.kind, e.excursion.level, e.excursion.alertLimit])).toEqual([['started', 'alert', 14]]);
  });
});

describe('room limits outside the signed change (FR-114)', () => {
  const ROOM2 = 'B3.08';
  const MD = '/api/v1/master-data/room';
  type Refusal = { error: { code: string; details?: { fields?: string[] } } };
  const steward = async <T>(method: string, path: string, body?: unknown) => q.hub.api<T>(method, path, body, await q.token('md.rooms'));
  const version = async () => {
    const r = await q.hub.hub.services.masterData.get('room', ROOM2);
    return r.ok ? r.value.version : 0;
  };
  const refusedAudits = async () => (await q.hub.hub.services.ctx.db.select().from(hubAudit).where(and(eq(hubAudit.action, 'masterdata.refused'), eq(hubAudit.subject, `room/${ROOM2}`)))).length;

  it("FR-114 the generic master-data route refuses every change of a room's limits (new room with limits, changed, cleared, withdrawn, a crafted body); the room's other fields pass; only the signed change sets them", async () => {
    await provisionHubUser(q.hub, { username: 'md.rooms', printedName: 'Mia Steward', roles: ['master-data'], password: HUB_PASSWORD });
    const withLimits = roomWithLimits(ROOM2);
    // A new room with limits: refused, nothing stored.
    const born = await steward<Refusal>('PUT', `${MD}/${ROOM2}`, { data: withLimits, reason: 'new dispensing room' });
    expect([born.status, born.body.error.code, born.body.error.details?.fields]).toEqual([409, 'ROOM_LIMITS_NEED_SIGNATURE', ['limits']]);
    expect(await version()).toBe(0);
    // Without limits: created; its first limits are signed by QA.
    expect((await steward('PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: [] }, reason: 'new dispensing room' })).status).toBe(200);
    const signed = await api<RoomChange>('qa.hub', 'POST', `/api/v1/environment/rooms/${ROOM2}/limits`, { limits: withLimits.limits, expectedVersion: 1, reason: 'first limits per Annex 1 for grade C', password: HUB_PASSWORD });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(await version()).toBe(2);
    // Its name is the steward's: the limits come back as stored (jsonb reorders keys; not a change).
    const renamed = await steward<{ version: number; data: { name: string; limits: unknown } }>('PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, name: 'Dispensing room B3.08 (east)' }, expectedVersion: 2, reason: 'room renamed' });
    expect([renamed.status, renamed.body.version, renamed.body.data.name, renamed.body.data.limits]).toEqual([200, 3, 'Dispensing room B3.08 (east)', withLimits.limits]);
    // The attacker's seat: wider limits, no limits, a body that claims the signed path, a withdrawal — all refused, nothing changes.
    const wider = withLimits.limits.map((l) => ({ ...l, action: { low: l.action.low === null ? null : l.action.low - 5, high: l.action.high === null ? null : l.action.high + 5 } }));
    const attempts: [string, string, unknown][] = [
      ['PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: wider }, reason: 'widen limits quietly' }],
      ['PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: [] }, reason: 'no more monitoring' }],
      ['PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: wider }, reason: 'claims the signed path', via: 'room-limits' }],
      ['PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: wider, via: 'seed' }, reason: 'via inside the data' }],
      ['DELETE', `${MD}/${ROOM2}`, { reason: 'room closed' }],
    ];
    for (const [method, path, body] of attempts) {
      const r = await steward<Refusal>(method, path, body);
      expect([r.status, r.body.error.code], JSON.stringify(body)).toEqual([409, 'ROOM_LIMITS_NEED_SIGNATURE']);
    }
    // Another role on the generic route: refused before the service.
    expect((await api('qa.hub', 'PUT', `${MD}/${ROOM2}`, { data: { ...withLimits, limits: wider }, reason: 'QA without a signature' })).status).toBe(403);
    expect(await version()).toBe(3);
    expect(((await q.hub.hub.services.masterData.get('room', ROOM2)) as { value: { data: { limits: unknown } } }).value.data.limits).toEqual(withLimits.limits);
    expect(await refusedAudits()).toBe(6);
    // Cleared by a signed change, the room may be withdrawn.
    expect((await api('qa.hub', 'POST', `/api/v1/environment/rooms/${ROOM2}/limits`, { limits: [], expectedVersion: 3, reason: 'room taken out of GMP use', password: HUB_PASSWORD })).status).toBe(200);
    expect((await steward('DELETE', `${MD}/${ROOM2}`, { reason: 'room closed' })).status).toBe(200);
  });
});
