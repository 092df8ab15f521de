/**
 * OPC UA ingest at the hub through a real node-opcua server on loopback (issue 13 item 1): the
 * values of monitored variables become readings, an excursion is kept with its peak, a bad status
 * is refused and counted, and nothing is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusCodes } from 'node-opcua';
import { EnvironmentService } from '../../src-server/environment/environment-service.ts';
import { startOpcuaIngest, type OpcuaIngest } from '../../src-server/environment/opcua-ingest.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { until } from '../hub/support/tcp-cut-proxy.ts';
import { startOpcuaTestServer, type OpcuaTestServer } from './opcua-test-server.ts';
import { roomWithLimits } from './room-fixtures.ts';

const ROOM = 'B2.01';
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
let hub: TestHub;
let server: OpcuaTestServer;
let ingest: OpcuaIngest;
let env: EnvironmentService;

beforeAll(async () => {
  [hub, server] = await Promise.all([startTestHub({ backend: 'pglite' }), startOpcuaTestServer([{ room: ROOM, quantity: 'differential-pressure' }])]);
  env = new EnvironmentService(hub.hub.services.ctx);
  expect((await hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'limits', via: 'seed' })).ok).toBe(true);
  ingest = await startOpcuaIngest(env, { endpointUrl: server.endpointUrl, points: [{ nodeId: server.nodeId(ROOM, 'differential-pressure'), room: ROOM, quantity: 'differential-pressure' }] });
}, 90_000);
afterAll(async () => {
  await ingest?.close();
  await server?.close();
  await hub?.close();
});

describe('OPC UA through a real node-opcua server on loopback', () => {
  it('FR-61 data changes become readings; a pressure drop is an action excursion with its low peak; a bad status is refused', async () => {
    // The initial value has an Uncertain status: refused as bad-status, not a reading.
    await until(() => ingest.counters.received >= 1, 'the initial value');
    const t0 = Date.parse('2026-12-05T09:00:00.000Z');
    const values = [15, 14, 11, 9.5, 8, 9, 12, 13.5, 15];
    for (let i = 0; i < values.length; i++) {
      server.write(ROOM, 'differential-pressure', values[i]!, new Date(t0 + i * 1000));
      // Each change must be sampled: wait for it to arrive before the next one.
      await until(() => ingest.counters.stored === i + 1, `reading ${i + 1}`);
    }
    server.write(ROOM, 'differential-pressure', 15.5, new Date(t0 + 20_000), StatusCodes.BadSensorFailure);
    await until(() => (ingest.counters.refused['ENV_READING_INVALID:bad-status'] ?? 0) === 2, 'the bad status');
    await ingest.drained();
    expect(await env.readingCount(ROOM)).toBe(values.length);
    const [x] = await env.list({ room: ROOM });
    // 11 < 12 (alert) at 2 s, 9.5 < 10 (action) at 3 s; peak 8 at 4 s; back ≥ 12 + 1 at 7 s (13.5).
    expect(x).toMatchObject({ side: 'low', level: 'action', startedAt: new Date(t0 + 2000).toISOString(), actionStartedAt: new Date(t0 + 3000).toISOString(), peak: { value: 8, at: new Date(t0 + 4000).toISOString() }, endedAt: new Date(t0 + 7000).toISOString(), actionLimit: 10, unit: 'Pa' });
    expect(ingest.counters.failed).toBe(0);
  }, 60_000);
});
