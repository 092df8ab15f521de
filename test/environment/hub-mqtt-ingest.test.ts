/**
 * MQTT ingest at the hub through the real Mosquitto on loopback (issue 13 item 1): a cut
 * connection and a reconnect with retained and QoS 1 messages, with no reading lost; malformed
 * payloads counted and refused with a typed reason without stopping the ingest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { eq } from 'drizzle-orm';
import { hubAudit } from '../../src-server/db/schema.ts';
import { EnvironmentService } from '../../src-server/environment/environment-service.ts';
import { startMqttIngest, type MqttIngest } from '../../src-server/environment/mqtt-ingest.ts';
import { readingTopic } from '../../src-shared/environment/environment-reading.ts';
import { startTestHub, type TestHub } from '../hub/support/test-hub.ts';
import { startCutProxy, until, type CutProxy } from '../hub/support/tcp-cut-proxy.ts';
import { reading, roomWithLimits, uniqueRoot } from './room-fixtures.ts';

const BROKER = { host: '127.0.0.1', port: 1883 };
const STEWARD = { userId: 'u-md', username: 'md.steward', roles: ['master-data' as const] };
const ROOM = 'B1.04';

let hub: TestHub;
let env: EnvironmentService;
let publisher: MqttClient;

beforeAll(async () => {
  hub = await startTestHub({ backend: 'pglite' });
  env = new EnvironmentService(hub.hub.services.ctx);
  const put = await hub.hub.services.masterData.put(STEWARD, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'environmental limits per Annex 1', via: 'seed' });
  expect(put.ok).toBe(true);
  publisher = await mqtt.connectAsync(`mqtt://${BROKER.host}:${BROKER.port}`, { clean: true });
}, 60_000);
afterAll(async () => {
  await publisher?.endAsync();
  await hub?.close();
});

async function dropSession(clientId: string): Promise<void> {
  const c = await mqtt.connectAsync(`mqtt://${BROKER.host}:${BROKER.port}`, { clientId, clean: true });
  await c.endAsync();
}

describe('MQTT ingest through the real Mosquitto', () => {
  it('FR-61 a cut connection and a reconnect with retained and QoS 1 messages lose no reading', async () => {
    const root = uniqueRoot();
    const clientId = `hub-ingest-${root.split('/')[1]}`;
    const t0 = Date.parse('2026-12-05T08:00:00.000Z');
    const publish = (value: number, i: number, retain = false) =>
      publisher.publishAsync(readingTopic(ROOM, 'temperature', root), JSON.stringify(reading(ROOM, 'temperature', value, t0 + i * 1000)), { qos: 1, retain });
    // A retained value before the hub subscribes: delivered at subscribe, kept once.
    await publish(21, 0, true);
    const proxy: CutProxy = await startCutProxy(BROKER);
    let ingest: MqttIngest | null = null;
    try {
      ingest = await startMqttIngest(env, { url: proxy.url, clientId, root, reconnectPeriodMs: 100 });
      await until(async () => (await env.readingCount(ROOM)) >= 1, 'the retained reading');
      for (let i = 1; i <= 20; i++) await publish(21 + (i % 3) * 0.1, i);
      await until(() => ingest!.counters.stored === 21, '21 readings before the cut');

      proxy.cut();
      await until(() => !ingest!.client.connected, 'the cut to be seen');
      // While the hub is cut off: an excursion (26 °C, action) and its end, all QoS 1, queued by
      // the broker for the hub's persistent session; two malformed payloads; one repeat.
      const during = [22, 24, 26, 27.5, 26, 23, 22, 21.5, 21, 21];
      for (let k = 0; k < during.length; k++) await publish(during[k]!, 21 + k);
      await publisher.publishAsync(readingTopic(ROOM, 'temperature', root), '{"room": "B1.04", "quantity": "temperature"', { qos: 1 });
      await publisher.publishAsync(readingTopic(ROOM, 'temperature', root), JSON.stringify({ ...reading(ROOM, 'temperature', 21, t0 + 99_000), unit: 'K' }), { qos: 1 });
      await publish(21, 31);
      await publish(21, 31);
      proxy.restore();

      await until(() => ingest!.counters.stored === 32 && Object.values(ingest!.counters.refused).reduce((a, b) => a + b, 0) === 2, () => `the queued messages after the reconnect: ${JSON.stringify(ingest!.counters)} connected=${ingest!.client.connected}`);
      expect(await env.readingCount(ROOM)).toBe(32);
      // Repeats: the QoS 1 copy, and the retained value if the client subscribed again on reconnect.
      expect(ingest.counters.repeats).toBeGreaterThanOrEqual(1);
      expect(ingest.counters.received).toBe(32 + ingest.counters.repeats + 2);
      expect(ingest.counters).toMatchObject({ stored: 32, failed: 0, refused: { 'ENV_READING_INVALID:not-json': 1, 'ENV_READING_INVALID:unit-mismatch': 1 } });
      const [x] = await env.list({ room: ROOM });
      expect(x).toMatchObject({ level: 'action', side: 'high', startedAt: new Date(t0 + 22_000).toISOString(), endedAt: new Date(t0 + 27_000).toISOString(), peak: { value: 27.5, at: new Date(t0 + 24_000).toISOString() }, actionLimit: 25, actionStartedAt: new Date(t0 + 23_000).toISOString() });
      // The retained value again on a fresh subscription is a repeat, not a second reading.
      await ingest.close();
      ingest = await startMqttIngest(env, { url: proxy.url, clientId: `${clientId}-2`, root, reconnectPeriodMs: 100 });
      await until(() => ingest!.counters.repeats === 1, 'the retained value again');
      expect(await env.readingCount(ROOM)).toBe(32);
    } finally {
      await ingest?.close();
      await publisher.publishAsync(readingTopic(ROOM, 'temperature', root), '', { qos: 1, retain: true });
      await proxy.close();
      await dropSession(clientId);
      await dropSession(`${clientId}-2`);
    }
  }, 60_000);

  it('FR-64 an excursion is acknowledged once, by a named person with a comment, and audited', async () => {
    const [x] = await env.list({ room: ROOM });
    const qa = { userId: 'u-qa', username: 'qa.zhao', roles: ['qa' as const] };
    const acked = await env.acknowledge(qa, x!.excursionId, 'HVAC damper stuck; product in closed containers');
    expect(acked.ok && acked.value.acknowledgement).toMatchObject({ by: 'qa.zhao', comment: 'HVAC damper stuck; product in closed containers' });
    const again = await env.acknowledge(qa, x!.excursionId, 'second time');
    expect(again.ok ? 'accepted' : again.error.code).toBe('ENV_EXCURSION_ACKNOWLEDGED');
    const unknown = await env.acknowledge(qa, 'B1.04/temperature/nope', 'no such excursion');
    expect(unknown.ok ? 'accepted' : unknown.error.code).toBe('ENV_EXCURSION_UNKNOWN');
    const trail = await hub.hub.services.ctx.db.select().from(hubAudit).where(eq(hubAudit.subject, x!.excursionId));
    expect(trail.map((a) => [a.action, a.actor, a.ok])).toEqual([
      ['environment.excursion_started', 'environment', true],
      ['environment.excursion_escalated', 'environment', true],
      ['environment.excursion_ended', 'environment', true],
      ['environment.excursion_acknowledged', 'qa.zhao', true],
      ['environment.acknowledge_refused', 'qa.zhao', false],
    ]);
  });

  it('FR-61 one batch stores a repeat within it once and finds the excursion one reading at a time would', async () => {
    const t0 = Date.parse('2026-12-05T09:00:00.000Z');
    const dp = (pa: number, i: number) => reading(ROOM, 'differential-pressure', pa, t0 + i * 1000);
    const outcomes = await env.ingestMany([dp(14, 0), dp(9.5, 1), dp(9.5, 1), dp(9.0, 2), dp(13.5, 3)], 'test');
    expect(outcomes.map((o) => [o.stored, o.applied, o.events.map((e) => e.kind)])).toEqual([
      [true, true, []],
      [true, true, ['started']],
      [false, false, []],
      [true, true, []],
      [true, true, ['ended']],
    ]);
    const [x] = await env.list({ room: ROOM });
    expect(x).toMatchObject({ quantity: 'differential-pressure', level: 'action', side: 'low', startedAt: new Date(t0 + 1000).toISOString(), endedAt: new Date(t0 + 3000).toISOString(), peak: { value: 9 } });
  });
});
