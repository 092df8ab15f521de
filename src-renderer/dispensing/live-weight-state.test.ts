import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLive, type LiveBalance } from '../state/live-store.ts';
import { liveWeightView } from './live-weight-state.ts';

const reading = { type: 'balance.reading', balanceId: 'BAL-01', net: { amount: '12.50', unit: 'g' }, stable: true, at: 1_000, freshForMs: 800 } as const;

describe('issue 18 item 5: the live weight is never stale', () => {
  beforeEach(() => {
    useLive.setState({ balances: {}, lastScan: null });
    vi.useRealTimers();
  });
  // The unit project shares a process between files (isolate: false): a fake clock left behind
  // would date the next file's scans in 1970.
  afterEach(() => {
    vi.useRealTimers();
  });

  it('D25-05 a current stable reading is shown as it came', () => {
    vi.useFakeTimers({ now: 50_000 });
    useLive.getState().apply(reading);
    const live = useLive.getState().balances['BAL-01'];
    expect(liveWeightView(live, 50_000 + 800)).toEqual({ net: { amount: '12.50', unit: 'g' }, stable: true, notice: null });
  });

  it('D25-05 a reading older than the freshness window is blanked, and no longer called stable', () => {
    vi.useFakeTimers({ now: 50_000 });
    useLive.getState().apply(reading);
    const live = useLive.getState().balances['BAL-01'];
    expect(liveWeightView(live, 50_000 + 801)).toEqual({ net: null, stable: false, notice: 'weigh.noCurrentReading' });
  });

  it('D25-05 "disconnected" from the live feed blanks the weight at once and says so', () => {
    vi.useFakeTimers({ now: 50_000 });
    useLive.getState().apply(reading);
    useLive.getState().apply({ type: 'balance.state', balanceId: 'BAL-01', state: 'closed', reason: 'no data from the balance for 800 ms' });
    const live = useLive.getState().balances['BAL-01'] as LiveBalance;
    expect(live.net).toBeNull();
    expect(liveWeightView(live, 50_000)).toEqual({ net: null, stable: false, notice: 'devices.states.closed' });
    // The next reading (the balance is back) is shown again.
    useLive.getState().apply({ ...reading, net: { amount: '12.51', unit: 'g' } });
    expect(liveWeightView(useLive.getState().balances['BAL-01'], 50_000).net).toEqual({ amount: '12.51', unit: 'g' });
  });

  it('a reading from a station that names no window gets the driver default, not forever', () => {
    vi.useFakeTimers({ now: 50_000 });
    const { freshForMs: _unused, ...old } = reading;
    useLive.getState().apply(old);
    const live = useLive.getState().balances['BAL-01'];
    expect(liveWeightView(live, 50_000 + 5_000).net).toBeNull();
  });

  it('overload is shown beside the value, as before', () => {
    vi.useFakeTimers({ now: 50_000 });
    useLive.getState().apply(reading);
    useLive.getState().apply({ type: 'balance.status', balanceId: 'BAL-01', status: 'overload' });
    expect(liveWeightView(useLive.getState().balances['BAL-01'], 50_000)).toMatchObject({ stable: false, notice: 'weigh.overload' });
  });
});
