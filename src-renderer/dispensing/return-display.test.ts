import { describe, expect, it } from 'vitest';
import type { IssuedContainerView, ReturnView } from '../../src-shared/orders/reconciliation-view.ts';
import { defaultReturnBalance, returnMassShown, returnReadability } from './return-display.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const g = (amount: string) => ({ amount, unit: 'g' as const });
const BOOTH = [
  { balanceId: 'BAL-A01', capacity: g('220.0000'), readability: g('0.0001') },
  { balanceId: 'BAL-P01', capacity: g('6100.00'), readability: g('0.01') },
];

const container = (ret: Partial<ReturnView> | null): IssuedContainerView => ({
  containerId: 'C-1', lotId: 'LOT-1', materialCode: 'EXC-PVP', issued: kg('10'), dispensed: kg('5.1600000'), theoretical: kg('4.8400000'), returnable: true, spilt: kg('0'),
  return: ret ? { seq: 9, declaredEmpty: false, remaining: kg('4.84150'), returned: kg('4.84150'), difference: kg('0.0015000'), beyondLimit: false, manual: false, status: 'settled', decision: null, labelled: false, ...ret } : null,
});

describe('returns panel masses at the balance readability', () => {
  it('before the weigh-back: the booth\'s finest balance that carries it; "4.8400000 kg" is shown as 4840.00 g', () => {
    const c = container(null);
    const chosen = defaultReturnBalance(c.theoretical, BOOTH);
    expect(chosen?.balanceId).toBe('BAL-P01');
    expect(returnMassShown(c.theoretical, returnReadability(c, chosen))).toEqual(g('4840.00'));
    // A small remainder goes on the analytical balance.
    expect(defaultReturnBalance(g('150.5'), BOOTH)?.balanceId).toBe('BAL-A01');
    // Nothing carries 20 kg: the largest is offered (the engine refuses an overload).
    expect(defaultReturnBalance(kg('20'), BOOTH)?.balanceId).toBe('BAL-P01');
    expect(defaultReturnBalance(kg('1'), [])).toBeUndefined();
  });

  it('weighed back: the reading\'s own resolution, whichever balance is chosen now', () => {
    const c = container({});
    const r = returnReadability(c, BOOTH[0]);
    expect(r).toEqual(kg('0.00001'));
    expect(returnMassShown(c.return!.difference, r)).toEqual(kg('0.00150'));
    expect(returnMassShown(c.theoretical, r)).toEqual(kg('4.84000'));
  });

  it('declared empty or typed by hand: the chosen balance, or as recorded when none is known', () => {
    expect(returnReadability(container({ declaredEmpty: true, remaining: kg('0') }), BOOTH[1])).toEqual(g('0.01'));
    const typed = container({ manual: true, remaining: kg('4.8') });
    expect(returnReadability(typed, undefined)).toBeNull();
    expect(returnMassShown(typed.theoretical, null)).toEqual(kg('4.8400000'));
  });
});
