/**
 * Issue 18 item 5 over real ptys: the station's BalanceHub (what the status API and the live
 * feed read) in front of the simulated balance as its own process on a socat pair. When the
 * balance stops answering mid-stream — its process killed, or its line gone silent — the
 * status says disconnected and the live feed says so within one second, and the last reading
 * is no longer handed out as the current weight.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';
import { unwrap } from '../../src-shared/result.ts';
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import { resolveSerialSettings } from '../../src-main/devices/balance/serial-settings.ts';
import { BalanceHub } from '../../src-main/shell/balance-hub.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { kill, killAll, makePtyDir, removeDir, startSimulator, startSocat, waitUntil, type PtyPair, type SimulatorProcess } from './socat-harness.ts';

const WITHIN_MS = 1000;

describe('D25-05 device state is never stale (socat pty, simulator process)', () => {
  let pair: PtyPair;
  let socat: ChildProcess;
  let sim: SimulatorProcess;
  let hub: BalanceHub;
  const events: { at: number; e: LiveEvent }[] = [];

  beforeAll(async () => {
    pair = makePtyDir();
    socat = await startSocat(pair);
    sim = await startSimulator('mt-sics', pair.balanceEnd);
    const bus = new LiveBus();
    bus.subscribe((e) => events.push({ at: Date.now(), e }));
    // The default driver options: the freshness window that ships is the one under test.
    hub = new BalanceHub({ bus, retryMs: 200, allowSimulators: () => false });
    const setting: BalanceSetting = {
      id: 'BAL-01',
      label: 'MT-SICS on a pty',
      protocol: 'mt-sics',
      port: pair.stationEnd,
      serial: unwrap(resolveSerialSettings('mt-sics', { baudRate: 9600, handshake: 'none' })),
    };
    await hub.apply([setting]);
  });

  afterAll(async () => {
    await hub.close();
    await killAll();
    removeDir(pair);
  });

  const status = () => hub.status()[0]!;
  const streaming = async () => {
    await sim.control('place 12.5 g');
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 20_000, `a streaming balance (${JSON.stringify(status())})`);
  };
  /** Ms from `t0` until the status and the live feed both say disconnected and no reading is current. */
  const timeToDisconnected = async (t0: number, from: number): Promise<{ statusMs: number; feedMs: number }> => {
    let statusMs = -1;
    await waitUntil(
      () => {
        const s = status();
        if (statusMs < 0 && s.state === 'closed' && s.lastReading === null) statusMs = Date.now() - t0;
        return statusMs >= 0;
      },
      5000,
      'status disconnected',
    );
    await waitUntil(() => events.slice(from).some(({ e }) => e.type === 'balance.state' && e.state === 'closed'), 5000, 'live feed disconnected');
    const feed = events.slice(from).find(({ e }) => e.type === 'balance.state' && e.state === 'closed')!;
    return { statusMs, feedMs: feed.at - t0 };
  };

  it('D25-05 the simulator killed mid-stream: disconnected within 1 s in the status and on the live feed', async () => {
    await streaming();
    const from = events.length;
    const t0 = Date.now();
    await kill(sim.proc);
    const { statusMs, feedMs } = await timeToDisconnected(t0, from);
    console.info(`killed balance: status disconnected after ${statusMs} ms, live feed after ${feedMs} ms`);
    expect(statusMs).toBeLessThan(WITHIN_MS);
    expect(feedMs).toBeLessThan(WITHIN_MS);
    // No reading is published as current once the feed said disconnected.
    const closedAt = events.findIndex(({ e }, i) => i >= from && e.type === 'balance.state' && e.state === 'closed');
    await new Promise((r) => setTimeout(r, 300));
    expect(events.slice(closedAt).some(({ e }) => e.type === 'balance.reading')).toBe(false);
  }, 60_000);

  it('D25-05 a balance back on the line is connected again, and a silent line is disconnected within 1 s', async () => {
    if (socat.exitCode !== null || socat.signalCode !== null) socat = await startSocat(pair);
    sim = await startSimulator('mt-sics', pair.balanceEnd);
    await streaming();
    const from = events.length;
    const t0 = Date.now();
    await sim.control('unplug'); // the process and the pty stay; the balance says nothing more
    const { statusMs, feedMs } = await timeToDisconnected(t0, from);
    console.info(`silent balance: status disconnected after ${statusMs} ms, live feed after ${feedMs} ms`);
    expect(statusMs).toBeLessThan(WITHIN_MS);
    expect(feedMs).toBeLessThan(WITHIN_MS);
    expect(status().lastError?.code).toBe('DEVICE_DISCONNECTED');
    await sim.control('plug');
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 20_000, 'connected again after plug');
  }, 90_000);
});
