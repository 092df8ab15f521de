import { describe, expect, it } from 'vitest';
import type { BalanceReading } from './balance-port.ts';
import { tareHeld } from './tare-check.ts';

const r = (amount: string): BalanceReading => ({ mass: { amount, unit: 'g' }, stable: true, raw: `TA A ${amount} g` });

describe('FR-144 tareHeld: a weighing against the balance zero needs the balance to hold no tare', () => {
  it('FR-144 a tare the balance answers with is held; a zero tare at its readability is none', () => {
    expect(tareHeld({ by: ['tare-query', 'stream'], tare: r('120.00'), seen: [] })).toEqual({ asked: true, held: r('120.00') });
    expect(tareHeld({ by: ['tare-query'], tare: r('0.0000'), seen: [] })).toEqual({ asked: true, held: null });
    expect(tareHeld({ by: ['tare-query'], tare: r('-0.0001'), seen: [] })).toEqual({ asked: true, held: r('-0.0001') });
  });

  it('FR-144 a balance that cannot be asked (stream only, or nothing) is not checked, never taken as holding none', () => {
    expect(tareHeld({ by: ['stream'], tare: null, seen: [] })).toEqual({ asked: false, held: null });
    expect(tareHeld({ by: [], tare: null, seen: [] })).toEqual({ asked: false, held: null });
  });
});
