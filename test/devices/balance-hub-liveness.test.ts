/**
 * The BalanceHub shows every streaming protocol connected with a current reading: "connected"
 * now rests on the driver's `fresh` (lines arriving), not on the port opening, so each way a
 * protocol streams (MT-SICS SIR, SBI auto print, A&D SIR) is checked to reach it. (A balance
 * that prints by itself may send its first line before the port reports `connected`; the hub
 * does not reset liveness on `connected` for that reason. The in-process simulator does not
 * produce that order, so this test guards the ordinary path only.)
 */
import { afterEach, describe, it } from 'vitest';
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

describe('BalanceHub liveness', () => {
  it.each(['mt-sics', 'sbi', 'and'] as const)('D25-05 a streaming %s balance is shown connected with a current reading', async (protocol) => {
    hub = new BalanceHub({ bus: new LiveBus(), allowSimulators: () => true });
    const setting = { ...simulatedBalanceSetting(0), protocol };
    await hub.apply([setting]);
    unwrap(hub.simulate(setting.id, 'place 20 g'));
    const status = () => hub!.status()[0]!;
    await waitUntil(() => status().state === 'connected' && status().lastReading !== null, 10_000, `${protocol} connected: ${JSON.stringify(status())}`);
  });
});
