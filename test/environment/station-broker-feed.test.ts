/**
 * The station's own broker subscription (issue 13 item 1, gap 1): started from the station's
 * `environmentFeed` setting, through the real Mosquitto on loopback behind a cut proxy. A
 * retained value at subscribe, an action excursion that blocks the step, a cut connection (the
 * status says so) during which the excursion ends, QoS 1 queued by the broker for the station's
 * persistent session and delivered after the reconnect, so the step is allowed again. And a
 * balance lost mid-weighing raising a station alarm (issue 13 gap 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic } from '../../src-shared/environment/environment-reading.ts';
import { EnvironmentFeedSetting } from '../../src-shared/settings/station-settings.ts';
import { environmentFeedRunner, feedOptions, type EnvironmentFeedRunner } from '../../src-main/shell/environment-feed-runner.ts';
import { makeDispensingStation, type DispensingStation } from '../fakes/dispensing-station.ts';
import { at, exec, expectRefused, runTo } from '../engine/engine-test-kit.ts';
import { startCutProxy, until, type CutProxy } from '../hub/support/tcp-cut-proxy.ts';
import { reading, roomWithLimits, uniqueRoot } from './room-fixtures.ts';

const BROKER = { host: '127.0.0.1', port: 1883 };
const B = 'B-ENV-FEED';
const ROOM = 'B1.04'; // the demo booth's room
const param = { type: 'enter-parameter', stepId: 'S03', value: '21.5' } as const;

let d: DispensingStation;
let publisher: MqttClient;
let proxy: CutProxy;
let runner: EnvironmentFeedRunner;
const root = uniqueRoot();
const clientId = `station-feed-${root.split('/')[1]}`;

beforeAll(async () => {
  d = await makeDispensingStation();
  d.applyMasterData([{ kind: 'room', key: ROOM, version: 1, data: roomWithLimits(ROOM) }]);
  d.importOrder(B);
  await runTo(d, B, at('S03'));
  publisher = await mqtt.connectAsync(`mqtt://${BROKER.host}:${BROKER.port}`, { clean: true });
  proxy = await startCutProxy(BROKER);
}, 60_000);
afterAll(async () => {
  await runner?.close();
  await publisher?.publishAsync(readingTopic(ROOM, 'temperature', root), '', { qos: 1, retain: true });
  await publisher?.endAsync();
  await proxy?.close();
  const c = await mqtt.connectAsync(`mqtt://${BROKER.host}:${BROKER.port}`, { clientId, clean: true });
  await c.endAsync();
  d?.close();
});

describe("the station's own broker subscription", () => {
  it('FR-83 the feed is configured by its setting: rooms default to the booths, secrets are read from files', () => {
    const s = EnvironmentFeedSetting.parse({ url: 'mqtts://broker.plant:8883', username: 'station', passwordFile: '/etc/batchline/mqtt.pw', tls: { caFile: '/etc/batchline/ca.pem' } });
    const files: Record<string, string> = { '/etc/batchline/mqtt.pw': 's3cret\n', '/etc/batchline/ca.pem': '-----BEGIN CERTIFICATE-----' };
    const o = feedOptions(d.station, s, (p) => files[p] ?? '');
    expect(o).toMatchObject({ url: 'mqtts://broker.plant:8883', clientId: `batchline-station-${d.station.stationId}`, rooms: ['B1.04', 'B1.05'], username: 'station', password: 's3cret', tls: { ca: '-----BEGIN CERTIFICATE-----' } });
    expect(EnvironmentFeedSetting.safeParse({ url: 'mqtt://user:pw@broker:1883' }).success).toBe(false);
  });

  it('FR-83 retained and QoS 1 readings block the step, a cut is shown, and the end after the reconnect unblocks it', async () => {
    const t0 = d.clock.now().getTime() - 60 * 60_000;
    const publish = (value: number, i: number, retain = false) =>
      publisher.publishAsync(readingTopic(ROOM, 'temperature', root), JSON.stringify(reading(ROOM, 'temperature', value, t0 + i * 1000)), { qos: 1, retain });
    await publish(21, 0, true);
    runner = environmentFeedRunner(d.station, () => undefined);
    await runner.apply({ url: proxy.url, rooms: [ROOM], root, clientId, reconnectSeconds: 1 });
    await until(() => runner.status()?.state === 'connected' && runner.status()!.readings === 1, () => `the retained reading: ${JSON.stringify(runner.status())}`);
    expect(runner.status()).toMatchObject({ rooms: [ROOM], readings: 1, refused: 0, lastError: null });
    const session = d.login('op.li');
    await publish(26.2, 1);
    await until(() => d.station.environment.blocking(ROOM) !== null, 'the action excursion');
    expectRefused(await exec(d, session, B, param), 'ENV_ACTION_EXCURSION');

    proxy.cut();
    await until(() => runner.status()?.state === 'reconnecting', 'the cut, on the status');
    for (let i = 2; i <= 4; i++) await publish(21, i);
    proxy.restore();
    // Retained and QoS 1 copies may come again after the reconnect: the gate takes each reading once.
    await until(() => runner.status()?.state === 'connected' && d.station.environment.blocking(ROOM) === null, () => `the queued readings: ${JSON.stringify(runner.status())}`);
    expect(runner.status()!.readings - runner.status()!.notTaken).toBe(5);
    expect((await exec(d, session, B, param)).ok).toBe(true);
    await runner.close();
    expect(runner.status()).toBeNull();
  }, 60_000);

  it('FR-83 a balance lost mid-weighing raises an alarm (recorded, once), its readings coming back clear it', () => {
    const alarms = d.station.alarms;
    expect(alarms.balanceState('BAL-A01', 'connected', null).ok).toBe(true);
    expect(alarms.balanceState('BAL-A01', 'closed', 'no reading for 3 s').ok).toBe(true);
    expect(alarms.balanceState('BAL-A01', 'closed', 'no reading for 3 s').ok).toBe(true);
    const lost = alarms.list({ open: true }).filter((a) => a.kind === 'balance-lost');
    expect(lost).toMatchObject([{ source: 'equipment', severity: 'warning', subject: 'BAL-A01', messageKey: 'balance-lost', params: { balance: 'BAL-A01', reason: 'no reading for 3 s' }, state: 'active' }]);
    expect(d.station.ledger.bySeq(lost[0]!.seq)).toMatchObject({ type: 'alarm.raised', actor: null });
    d.clock.advance(60_000);
    expect(alarms.balanceState('BAL-A01', 'connected', null).ok).toBe(true);
    expect(alarms.list().find((a) => a.alarmId === lost[0]!.alarmId)).toMatchObject({ state: 'cleared-unacknowledged', clearedAt: d.clock.now().toISOString() });
    // Lost again later: a new alarm, the first stays for its acknowledgement.
    expect(alarms.balanceState('BAL-A01', 'closed', 'unplugged').ok).toBe(true);
    expect(alarms.list({ open: true }).filter((a) => a.kind === 'balance-lost').map((a) => a.state)).toEqual(['active', 'cleared-unacknowledged']);
  });
});
