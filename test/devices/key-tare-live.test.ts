/**
 * FR-144: the operator is told at once when the balance's stream shows a tare or zero made on
 * its own keys, not only when the station refuses the next capture: the driver's key watch
 * raises `key-tare`, the BalanceHub publishes `balance.key_tare` on the live bus (parsed by the
 * screen's LiveEvent schema), and the live weight shows the warning (en, zh-CN) for 30 s.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../src-shared/result.ts';
import { LiveEvent } from '../../src-shared/api/live-events.ts';
import { simulatedBalanceSetting } from '../../src-main/shell/balance-spec.ts';
import { BalanceHub } from '../../src-main/shell/balance-hub.ts';
import { LiveBus } from '../../src-main/shell/live-bus.ts';
import { useLive } from '../../src-renderer/state/live-store.ts';
import { KEY_TARE_NOTICE_MS, keyTareNotice } from '../../src-renderer/dispensing/live-weight-state.ts';
import { dispensingEn as en } from '../../src-renderer/i18n/en/dispensing.ts';
import { dispensingZhCN as zhCN } from '../../src-renderer/i18n/zh-CN/dispensing.ts';
import { waitUntil } from './socat-harness.ts';

let hub: BalanceHub | null = null;
afterEach(async () => {
  await hub?.close();
  hub = null;
  vi.useRealTimers();
});

describe('FR-144 a key tare is told to the operator live', () => {
  it('FR-144 a TARE key with 20 g on a streaming MT-SICS balance reaches the screen as balance.key_tare; a station command does not', async () => {
    const bus = new LiveBus();
    const events: LiveEvent[] = [];
    bus.subscribe((e) => events.push(LiveEvent.parse(e)));
    hub = new BalanceHub({ bus, allowSimulators: () => true });
    const setting = { ...simulatedBalanceSetting(0), protocol: 'mt-sics' as const };
    await hub.apply([setting]);
    unwrap(hub.simulate(setting.id, 'place 20 g'));
    const last = () => hub!.status()[0]!.lastReading;
    await waitUntil(() => last()?.stable === true && last()!.net.amount.startsWith('20.'), 10_000, 'settled at 20 g');
    expect(events.filter((e) => e.type === 'balance.key_tare')).toEqual([]);
    unwrap(hub.simulate(setting.id, 'key tare'));
    await waitUntil(() => events.some((e) => e.type === 'balance.key_tare'), 5_000, 'balance.key_tare published');
    const key = events.find((e) => e.type === 'balance.key_tare')!;
    expect(key).toMatchObject({ balanceId: setting.id, before: { amount: '20.0000', unit: 'g' }, after: { amount: '0.0000', unit: 'g' }, change: 'tare-or-zero' });
  });

  it('FR-144 the screen keeps the warning for 30 s beside the live weight, worded in en and zh-CN', () => {
    vi.useFakeTimers({ now: 100_000 });
    useLive.setState({ balances: {}, lastScan: null });
    useLive.getState().apply({ type: 'balance.key_tare', balanceId: 'BAL-01', before: { amount: '20.0000', unit: 'g' }, after: { amount: '0.0000', unit: 'g' }, change: 'tare-or-zero', at: 1 });
    const live = useLive.getState().balances['BAL-01'];
    expect(keyTareNotice(live, 100_000 + KEY_TARE_NOTICE_MS)).toMatchObject({ before: { amount: '20.0000' } });
    expect(keyTareNotice(live, 100_000 + KEY_TARE_NOTICE_MS + 1)).toBeNull();
    expect(en.weigh.keyTare).toContain('tared or zeroed on its own keys');
    expect(zhCN.weigh.keyTare).toContain('被其自身按键去皮或置零');
  });
});
