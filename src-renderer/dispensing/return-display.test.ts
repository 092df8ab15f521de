import { describe, expect, it } from 'vitest';
import type { IssuedContainerView, ReturnView } from '../../src-shared/orders/reconciliation-view.ts';
import { atReadability } from '../../src-shared/mass.ts';
import { returnReadability } from './return-display.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const g = (amount: string) => ({ amount, unit: 'g' as const });
const PLATFORM = { readability: g('10') };

const container = (ret: Partial<ReturnView> | null): IssuedContainerView => ({
  containerId: 'C-1', lotId: 'LOT-1', materialCode: 'API-PARA', issued: kg('10'), dispensed: kg('5.1600000'), theoretical: kg('4.8400000'), returnable: true, spilt: kg('0'),
  return: ret ? { seq: 9, declaredEmpty: false, remaining: kg('4.84'), returned: kg('4.84'), difference: kg('0.0000000'), beyondLimit: false, manual: false, status: 'settled', decision: null, labelled: false, ...ret } : null,
});

describe('returns panel masses at the balance readability', () => {
  it('before the weigh-back: the chosen balance; "4.8400000 kg" is shown as 4.840 kg', () => {
    const c = container(null);
    const r = returnReadability(c, PLATFORM);
    expect(r).toEqual(g('10'));
    expect(atReadability(c.theoretical, r!)).toEqual(kg('4.840'));
  });

  it('weighed back: the reading\'s own resolution, whichever balance is chosen now', () => {
    const c = container({ remaining: kg('4.8415'), difference: kg('0.0015000') });
    const r = returnReadability(c, PLATFORM);
    expect(r).toEqual(kg('0.0001'));
    expect(atReadability(c.return!.difference, r!)).toEqual(kg('0.0015'));
  });

  it('declared empty or typed by hand: the chosen balance, or as recorded when none is known', () => {
    expect(returnReadability(container({ declaredEmpty: true, remaining: kg('0') }), PLATFORM)).toEqual(g('10'));
    expect(returnReadability(container({ manual: true, remaining: kg('4.8') }), undefined)).toBeNull();
  });
});
