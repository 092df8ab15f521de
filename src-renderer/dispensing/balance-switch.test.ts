import { describe, expect, it } from 'vitest';
import { balanceSwitches } from './balance-switch.ts';

const a01 = { balanceId: 'BAL-A01', name: 'Analytical balance 1', minimumWeight: { amount: '0.082', unit: 'g' }, capacity: { amount: '220.0000', unit: 'g' }, readability: { amount: '0.0001', unit: 'g' } };

describe('one touch to a qualifying balance (issue 18 item 4)', () => {
  it('DI-05 a minimum-weight refusal becomes one select-balance command per qualifying balance, with its minimum weight and capacity', () => {
    const error = { code: 'BALANCE_BELOW_MINIMUM_WEIGHT' as const, message: '…', details: { balanceId: 'BAL-P01', minimumWeight: { amount: '16', unit: 'g' }, qualifyingBalances: [a01] } };
    expect(balanceSwitches(error, 'S23')).toEqual([{ ...a01, command: { type: 'select-balance', stepId: 'S23', balanceId: 'BAL-A01', partial: false } }]);
  });

  it('capacity and readability refusals are offered the same way; none qualifying is an empty list, not nothing', () => {
    expect(balanceSwitches({ code: 'BALANCE_ABOVE_CAPACITY', message: '…', details: { qualifyingBalances: [a01] } }, 'S11')).toHaveLength(1);
    expect(balanceSwitches({ code: 'TOLERANCE_FINER_THAN_READABILITY', message: '…', details: { qualifyingBalances: [] } }, 'S11')).toEqual([]);
  });

  it('other refusals, and details not of the engine\'s shape, offer no switch', () => {
    expect(balanceSwitches(null, 'S11')).toBeNull();
    expect(balanceSwitches({ code: 'BALANCE_CALIBRATION_OVERDUE', message: '…', details: { balanceId: 'BAL-P01' } }, 'S11')).toBeNull();
    expect(balanceSwitches({ code: 'LOT_EXPIRED', message: '…', details: { qualifyingBalances: [a01] } }, 'S11')).toEqual([]);
    expect(balanceSwitches({ code: 'BALANCE_BELOW_MINIMUM_WEIGHT', message: '…', details: { qualifyingBalances: [{ balanceId: 7 }] } }, 'S11')).toEqual([]);
  });
});
