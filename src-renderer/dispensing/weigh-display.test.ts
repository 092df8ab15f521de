import { describe, expect, it } from 'vitest';
import type { WeighView } from '../../src-shared/orders/order-view.ts';
import { displayReadability, lineWindowShown, portionWindowShown } from './weigh-display.ts';

const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const g = (amount: string) => ({ amount, unit: 'g' as const });
const BOOTH = [
  { balanceId: 'BAL-A01', capacity: g('220.0000'), readability: g('0.0001') },
  { balanceId: 'BAL-P01', capacity: g('6100.00'), readability: g('0.01') },
];

/** A potency-corrected 1.000 kg line (± 0.5 %) with a 98.5 % lot scanned. */
const view = (balanceId: string | null): WeighView => ({
  lineId: 'L10',
  materialCode: 'API-PARA',
  materialName: 'Paracetamol',
  method: 'net',
  portion: 1,
  lineWindow: { target: kg('1.000'), lower: kg('0.995'), upper: kg('1.005') },
  cumulative: kg('0'),
  potencyCorrected: true,
  handlingNotes: [],
  safetyNotes: [],
  container: { containerId: 'C-1', lotId: 'LOT-1', left: kg('2.000'), portionWindow: { target: kg('1.015228426'), lower: kg('1.010152284'), upper: kg('1.020304569') }, partial: false, potencyFraction: '0.985' },
  balance: balanceId ? { balanceId, minimumWeight: g('16'), capacity: g('6100.00') } : null,
  tared: false,
  lastWeighing: null,
  portionsCounted: 0,
  stockDiscrepancy: null,
  manualScanPending: null,
});

describe('the weigh screen shows masses at the readability of the balance in use (issue 18 item 2)', () => {
  it('A11-08 before a balance is chosen: the finest booth balance that carries the portion; after: the one in use', () => {
    expect(displayReadability(view(null), BOOTH)).toEqual(g('0.01'));
    expect(displayReadability(view('BAL-A01'), BOOTH)).toEqual(g('0.0001'));
    expect(displayReadability(view(null), [])).toBeNull();
  });

  it('A11-08 the portion of a potency-corrected line is 1015.23 g (1010.16 – 1020.30 g), never 1.015228426 kg; the line stays 1.000 kg (0.995 – 1.005 kg)', () => {
    const w = view('BAL-P01');
    const d = displayReadability(w, BOOTH);
    expect(portionWindowShown(w, d)).toEqual({ target: g('1015.23'), lower: g('1010.16'), upper: g('1020.30') });
    expect(lineWindowShown(w, d)).toEqual(w.lineWindow);
    expect(portionWindowShown({ ...w, container: null }, d)).toBeNull();
  });
});
