/**
 * Environmental monitoring (issue 13 item 1), through the real Mosquitto on 127.0.0.1:1883:
 * 1. MQTT readings ingested per second at the hub (parse, store once, excursion state machine
 *    under a row lock, PGlite), beside the broker's own throughput to a plain subscriber that
 *    only counts the same QoS 1 messages.
 * 2. Lag from a published action-level reading to the blocked step at the station (the station's
 *    own broker subscription → RoomEnvironment → the engine's refusal), p50 and p99.
 */
import mqtt from 'mqtt';
import { percentile, type BenchOptions, type BenchTable } from './bench-table.ts';
import { EnvironmentService } from '../src-server/environment/environment-service.ts';
import { startMqttIngest } from '../src-server/environment/mqtt-ingest.ts';
import { startMqttEnvironmentFeed } from '../src-main/devices/environment/mqtt-environment-feed.ts';
import { readingTopic } from '../src-shared/environment/environment-reading.ts';
import { startTestHub } from '../test/hub/support/test-hub.ts';
import { until } from '../test/hub/support/tcp-cut-proxy.ts';
import { reading, roomWithLimits, uniqueRoot } from '../test/environment/room-fixtures.ts';
import { makeDispensingStation } from '../test/fakes/dispensing-station.ts';
import { at, runTo } from '../test/engine/engine-test-kit.ts';

const BROKER = 'mqtt://127.0.0.1:1883';
const ROOM = 'B1.04';

async function hubIngest(n: number): Promise<BenchTable> {
  const hub = await startTestHub({ backend: 'pglite' });
  const env = new EnvironmentService(hub.hub.services.ctx);
  await hub.hub.services.masterData.put({ userId: 'u', username: 'md.bench', roles: ['master-data'] }, 'room', ROOM, { data: roomWithLimits(ROOM), reason: 'bench', via: 'seed' });
  const publisher = await mqtt.connectAsync(BROKER);
  const t0 = Date.parse('2026-12-05T00:00:00.000Z');
  const payloads = Array.from({ length: n }, (_, i) => JSON.stringify(reading(ROOM, 'temperature', i % 50 === 25 ? 26 : 21 + (i % 7) * 0.1, t0 + i * 1000)));
  // Baseline: the broker to a plain subscriber that counts.
  const rootA = uniqueRoot();
  const counter = await mqtt.connectAsync(BROKER, { clean: true });
  let counted = 0;
  counter.on('message', () => counted++);
  await counter.subscribeAsync(`${rootA}/+/+`, { qos: 1 });
  const start = performance.now();
  for (const p of payloads) void publisher.publish(readingTopic(ROOM, 'temperature', rootA), p, { qos: 1 });
  await until(() => counted === n, 'the plain subscriber', 120_000);
  const brokerSeconds = (performance.now() - start) / 1000;
  await counter.endAsync();
  // Batchline: the hub's ingest, in batches (issue 13 item 6), then one transaction per reading as before.
  const run = async (maxBatch: number | undefined) => {
    const root = uniqueRoot();
    const clientId = `bench-${root.split('/')[1]}`;
    const room = maxBatch === 1 ? `${ROOM}-1` : ROOM;
    if (room !== ROOM) await hub.hub.services.masterData.put({ userId: 'u', username: 'md.bench', roles: ['master-data'] }, 'room', room, { data: roomWithLimits(room), reason: 'bench', via: 'seed' });
    const ingest = await startMqttIngest(env, { url: BROKER, clientId, root, ...(maxBatch ? { maxBatch } : {}) });
    const start = performance.now();
    for (const p of payloads) void publisher.publish(readingTopic(room, 'temperature', root), p.replaceAll(`"${ROOM}"`, `"${room}"`), { qos: 1 });
    await until(() => ingest.counters.stored === n, 'the hub ingest', 600_000);
    const seconds = (performance.now() - start) / 1000;
    const excursions = (await env.list({ room })).length;
    const batches = { ...ingest.batches };
    await ingest.close();
    const cleanup = await mqtt.connectAsync(BROKER, { clientId, clean: true });
    await cleanup.endAsync();
    return { seconds, excursions, batches };
  };
  const batched = await run(undefined);
  const single = await run(1);
  await publisher.endAsync();
  await hub.close();
  return {
    title: `MQTT readings per second, ${n} QoS 1 readings, one room (hub on PGlite)`,
    columns: ['path', 'seconds', 'readings/s', 'ratio'],
    rows: [
      ['broker → plain subscriber (count only)', brokerSeconds, n / brokerSeconds, 1],
      ['broker → hub ingest, batched (parse, store once, state machine, excursions)', batched.seconds, n / batched.seconds, batched.seconds / brokerSeconds],
      ['broker → hub ingest, one transaction per reading (maxBatch 1, as before)', single.seconds, n / single.seconds, single.seconds / brokerSeconds],
    ],
    notes: [
      `${batched.excursions} and ${single.excursions} excursions recorded (every 50th reading at 26 °C, action level). Batched: ${batched.batches.committed} transactions (largest ${batched.batches.largest}, ${Math.round(batched.batches.storingMs)} ms inside them); one by one: ${single.batches.committed}. Each message acknowledged after the transaction holding it committed.`,
    ],
  };
}

async function stationLag(samples: number): Promise<BenchTable> {
  const d = await makeDispensingStation();
  d.applyMasterData([{ kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }]);
  d.importOrder('B-ENV-BENCH');
  await runTo(d, 'B-ENV-BENCH', at('S03'));
  const session = d.login('op.li');
  const root = uniqueRoot();
  let arrived: (() => void) | null = null;
  const feed = await startMqttEnvironmentFeed(
    {
      reading: (r) => {
        d.station.environment.observe(r);
        arrived?.();
      },
      refused: () => undefined,
    },
    { url: BROKER, clientId: `bench-station-${root.split('/')[1]}`, rooms: [ROOM], root },
  );
  const publisher = await mqtt.connectAsync(BROKER);
  const lags: number[] = [];
  const t0 = Date.parse('2026-12-05T00:00:00.000Z');
  const cmd = { type: 'enter-parameter', stepId: 'S03', value: '21.5' };
  for (let i = 0; i < samples; i++) {
    const got = new Promise<void>((resolve) => (arrived = resolve));
    const sent = performance.now();
    await publisher.publishAsync(readingTopic(ROOM, 'temperature', root), JSON.stringify(reading(ROOM, 'temperature', 26, t0 + i * 2000)), { qos: 1 });
    await got;
    const r = await d.station.engine.execute(session, 'B-ENV-BENCH', cmd);
    if (r.ok || r.error.code !== 'ENV_ACTION_EXCURSION') throw new Error('the step was not blocked');
    lags.push(performance.now() - sent);
    const back = new Promise<void>((resolve) => (arrived = resolve));
    await publisher.publishAsync(readingTopic(ROOM, 'temperature', root), JSON.stringify(reading(ROOM, 'temperature', 21, t0 + i * 2000 + 1000)), { qos: 1 });
    await back;
  }
  await feed.close();
  await publisher.endAsync();
  const cleanup = await mqtt.connectAsync(BROKER, { clientId: `bench-station-${root.split('/')[1]}`, clean: true });
  await cleanup.endAsync();
  d.close();
  return {
    title: `Lag from a published action-level reading to the blocked step at the station (${samples} excursions)`,
    columns: ['measure', 'p50 ms', 'p99 ms', 'max ms'],
    rows: [['publish (QoS 1) → station subscription → RoomEnvironment → engine refusal (recorded)', percentile(lags, 50), percentile(lags, 99), Math.max(...lags)]],
    notes: ['Includes the durable ledger appends of the excursion entry and of the refusal (synchronous=FULL).'],
  };
}

export default async function environmentBench(opts: BenchOptions): Promise<BenchTable[]> {
  return [await hubIngest(opts.quick ? 500 : 3000), await stationLag(opts.quick ? 30 : 200)];
}
