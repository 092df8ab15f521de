/**
 * Issue 18 item 5 on the demo and training bench: the built-in simulated balance (no pty) in
 * the station's BalanceHub. Its line unplugged mid-stream, the status and the live feed say
 * disconnected within one second and the reading is dropped; plugged back, it is connected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src-shared/api/live-events.ts';
import { unwrap } from '../../src-shared/result.ts';
import { simulatedBalanceSetting } from '../../src-main/shell/balance-spec.ts';
import { BalanceHub } from '../../src-main/shell/balance-hub.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { waitUntil } from './socat-harness.ts';

let hub: BalanceHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
});

describe('D25-05 the simulated balance in the station', () => {
  it('D25-05 unplugged mid-stream: disconnected within 1 s in the status and on the live feed, reading dropped', async () => {
    const bus = new LiveBus();
    const events: { at: number; e: LiveEvent }[] = [];
    bus.subscribe((e) => events.push({ at: Date.now(), e }));
    hub = new BalanceHub({ bus, allowSimulators: () => true });
    const setting = simulatedBalanceSetting(0);
    await hub.apply([setting]);
    unwrap(hub.simulate(setting.id, 'place 20 g'));
    const status = () => hub!.status()[0]!;
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 10_000, 'streaming');
    const readingsBefore = events.filter(({ e }) => e.type === 'balance.reading');
    expect(readingsBefore.every(({ e }) => e.type === 'balance.reading' && e.freshForMs === 800)).toBe(true);

    const from = events.length;
    const t0 = Date.now();
    unwrap(hub.simulate(setting.id, 'unplug'));
    await waitUntil(() => status().state === 'closed' && status().lastReading === null, 3000, 'status disconnected');
    const statusMs = Date.now() - t0;
    await waitUntil(() => events.slice(from).some(({ e }) => e.type === 'balance.state' && e.state === 'closed'), 3000, 'feed disconnected');
    const feedMs = events.slice(from).find(({ e }) => e.type === 'balance.state' && e.state === 'closed')!.at - t0;
    expect(statusMs).toBeLessThan(1000);
    expect(feedMs).toBeLessThan(1000);

    unwrap(hub.simulate(setting.id, 'plug'));
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 10_000, 'connected again');
  });
});
