/**
 * A production station takes its rooms' environmental state from the hub in a sync round (issue
 * 13 item 1): signed GET /sync/environment, then RoomEnvironment.applyHub, so a station that
 * hears nothing from the broker still knows its room is at the action level.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentService } from '../../src-server/environment/environment-service.ts';
import { httpTransport } from '../../src-main/sync/hub-transport.ts';
import { unwrap } from '../../src-shared/result.ts';
import { makeTestStation, type TestStation } from '../fakes/test-station.ts';
import { enrolStation, syncService } from '../hub/support/enrol.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { reading, roomWithLimits } from './room-fixtures.ts';

const ROOM = 'B3.07';
let t: TestStation;
let hub: TestHub;
afterAll(async () => {
  await hub?.close();
  t?.cleanup();
});

describe("the hub's room state at the station", () => {
  it("FR-64 a sync round brings the hub's action excursion to the station's gate", async () => {
    t = makeTestStation();
    hub = await startTestHub({ backend: 'pglite', clock: t.clock });
    const booth = { boothId: 'BOOTH-9', name: 'Booth 9', room: ROOM, cleaning: { status: 'clean', cleanedAt: null, validUntil: null }, lineClearance: { status: 'cleared', clearedAt: null, clearedBy: null } };
    unwrap(t.masterData.applyMasterData([{ kind: 'booth', key: 'BOOTH-9', version: 1, data: booth }, { kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }], { origin: 'seed', cursor: null, servedAt: t.clock.now().toISOString(), actorId: null }));
    await enrolStation(t, hub);
    const env = new EnvironmentService(hub.hub.services.ctx);
    expect((await hub.hub.services.masterData.put({ userId: 'u', username: 'md.steward', roles: ['master-data'] }, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'limits', via: 'seed' })).ok).toBe(true);
    const now = t.clock.now().getTime();
    await env.ingest(reading(ROOM, 'differential-pressure', 14, now - 120_000), 'test');
    await env.ingest(reading(ROOM, 'differential-pressure', 9.2, now - 60_000), 'test');
    expect(t.environment.blocking(ROOM)).toBeNull();
    unwrap(await syncService(t, httpTransport(hub.url)).runOnce());
    expect(t.environment.blocking(ROOM)).toMatchObject({ room: ROOM, quantity: 'differential-pressure', value: 9.2, limit: 10 });
  }, 60_000);
});
