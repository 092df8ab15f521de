import { describe, expect, it } from 'vitest';
import { SimulatedBalance } from './simulated-balance.ts';
import { applyControl } from './simulator-control.ts';

function clocked(config = {}) {
  let t = 1_000_000;
  const balance = new SimulatedBalance({ settlingMs: 500, ...config }, () => t);
  return { balance, advance: (ms: number) => (t += ms) };
}

describe('simulated balance', () => {
  it('swings and is unstable while settling, then shows the exact load, rounded to d', () => {
    const { balance, advance } = clocked();
    balance.place({ amount: '12.34567', unit: 'g' });
    const early = balance.display();
    expect(early.kind === 'weight' && early.stable).toBe(false);
    advance(500);
    expect(balance.display()).toEqual({ kind: 'weight', stable: true, net: { amount: '12.3457', unit: 'g' } });
  });

  it('never settles while unstable, and reports overload above capacity + 9 d and underload with the pan off', () => {
    const { balance, advance } = clocked();
    balance.unstable = true;
    advance(10_000);
    const d = balance.display();
    expect(d.kind === 'weight' && d.stable).toBe(false);
    balance.unstable = false;
    balance.place({ amount: '220.0009', unit: 'g' });
    advance(600);
    expect(balance.display().kind).toBe('weight');
    balance.place({ amount: '0.0001', unit: 'g' });
    expect(balance.display().kind).toBe('overload');
    balance.remove();
    balance.panOff = true;
    expect(balance.display().kind).toBe('underload');
  });

  it('tares and zeroes only when stable and within range; preset tare and clear', () => {
    const { balance, advance } = clocked();
    balance.place({ amount: '30', unit: 'g' });
    expect(balance.tareNow()).toEqual({ ok: false, reason: 'not-stable' });
    advance(500);
    expect(balance.tareNow()).toEqual({ ok: true, value: { amount: '30.0000', unit: 'g' } });
    expect(balance.zero()).toEqual({ ok: false, reason: 'range-high' }); // 30 g > 2 % of 220 g
    balance.place({ amount: '1.5', unit: 'g' });
    advance(500);
    expect(balance.display()).toMatchObject({ net: { amount: '1.5000' } });
    expect(balance.presetTare({ amount: '500', unit: 'g' })).toEqual({ ok: false, reason: 'range-high' });
    balance.clearTare();
    expect(balance.display()).toMatchObject({ net: { amount: '31.5000' } });
  });

  it('drifts by the configured amount per minute since the last zero', () => {
    const { balance, advance } = clocked({ driftPerMinute: { amount: '0.0002', unit: 'g' } });
    advance(5 * 60_000);
    expect(balance.display()).toMatchObject({ net: { amount: '0.0010', unit: 'g' } });
    expect(balance.zero().ok).toBe(true);
    expect(balance.display()).toMatchObject({ net: { amount: '0.0000', unit: 'g' } });
  });

  it('is driven by the control language, refusing what it does not understand', () => {
    const { balance, advance } = clocked();
    expect(applyControl(balance, 'place 52.3 g').reply).toBe('ok placed 52.3 g');
    advance(500);
    expect(applyControl(balance, 'status').reply).toBe('ok 52.3000 g stable');
    expect(applyControl(balance, 'slow 250').reply).toBe('ok slow 250');
    expect(balance.replyDelayMs).toBe(250);
    expect(applyControl(balance, 'unplug').reply).toBe('ok unplugged');
    expect(balance.unplugged).toBe(true);
    expect(applyControl(balance, 'place lots').reply).toMatch(/^error/);
    expect(applyControl(balance, 'dance').reply).toMatch(/^error unknown command/);
    expect(applyControl(balance, 'quit').quit).toBe(true);
  });
});
