import { describe, expect, it } from 'vitest';
import {
  checkBalanceMayWeigh,
  evaluatePeriodicCheck,
  uspMinimumWeight,
  type BalanceQualification,
  type PeriodicCheckPlan,
} from './balance-qualification.ts';
import { unwrap } from '../../src-shared/result.ts';

const plan: PeriodicCheckPlan = {
  id: 'DAILY-XS205',
  validForHours: 24,
  points: [
    { testWeight: 'E2 200 g #A17', nominal: { amount: '200.0000', unit: 'g' }, acceptance: { amount: '0.0005', unit: 'g' } },
    { testWeight: 'E2 10 g #B03', nominal: { amount: '10.0000', unit: 'g' }, acceptance: { amount: '0.2', unit: 'mg' } },
  ],
};

const passedCheck = unwrap(
  evaluatePeriodicCheck(
    plan,
    [
      { testWeight: 'E2 200 g #A17', mass: { amount: '200.0003', unit: 'g' }, stable: true, raw: 'S S    200.0003 g' },
      { testWeight: 'E2 10 g #B03', mass: { amount: '9.9998', unit: 'g' }, stable: true, raw: 'S S      9.9998 g' },
    ],
    { performedAt: '2026-03-02T06:00:00Z', performedBy: 'u-7' },
  ),
);

const qualification = (over: Partial<BalanceQualification> = {}): BalanceQualification => ({
  balanceId: 'BAL-01',
  capacity: { amount: '220', unit: 'g' },
  readability: { amount: '0.0001', unit: 'g' },
  calibration: { certificateId: 'CAL-2026-017', dueAt: '2026-06-30T00:00:00Z' },
  repeatability: { standardDeviation: { amount: '0.00008', unit: 'g' }, determinedAt: '2026-01-10T00:00:00Z' },
  checkPlan: plan,
  lastCheck: passedCheck,
  ...over,
});

const now = new Date('2026-03-02T09:00:00Z');
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('balance qualification gate', () => {
  it('USP <41> minimum weight = 2000 × max(s, 0.41 d), times an optional safety factor', () => {
    // s above 0.41 d: 2000 × 0.08 mg = 160 mg.
    expect(uspMinimumWeight({ amount: '0.08', unit: 'mg' }, { amount: '0.1', unit: 'mg' })).toEqual({ amount: '160', unit: 'mg' });
    // s below 0.41 d: replaced by 0.41 × 0.1 mg = 0.041 mg -> 82 mg.
    expect(uspMinimumWeight({ amount: '0.01', unit: 'mg' }, { amount: '0.0001', unit: 'g' })).toEqual({ amount: '82', unit: 'mg' });
    // With safety factor 2.
    expect(uspMinimumWeight({ amount: '0.08', unit: 'mg' }, { amount: '0.1', unit: 'mg' }, '2')).toEqual({ amount: '320', unit: 'mg' });
  });

  it('DI-05 clears a calibrated, checked balance and names what the record must cite', () => {
    const r = unwrap(checkBalanceMayWeigh(qualification(), now, { net: { amount: '1.5', unit: 'g' }, gross: { amount: '60', unit: 'g' } }));
    expect(r.calibrationCertificateId).toBe('CAL-2026-017');
    expect(r.checkPerformedAt).toBe('2026-03-02T06:00:00Z');
    expect(r.minimumWeight).toEqual({ amount: '0.16', unit: 'g' });
  });

  it('DI-05 blocks an overdue calibration', () => {
    const r = checkBalanceMayWeigh(qualification({ calibration: { certificateId: 'C', dueAt: '2026-03-01T00:00:00Z' } }), now);
    expect(code(r)).toBe('BALANCE_CALIBRATION_OVERDUE');
  });

  it('DI-05 blocks when the daily check is missing, expired or for another plan', () => {
    expect(code(checkBalanceMayWeigh(qualification({ lastCheck: null }), now))).toBe('BALANCE_CHECK_MISSING');
    expect(code(checkBalanceMayWeigh(qualification(), new Date('2026-03-03T06:00:01Z')))).toBe('BALANCE_CHECK_MISSING');
    expect(code(checkBalanceMayWeigh(qualification({ lastCheck: { ...passedCheck, planId: 'OTHER' } }), now))).toBe('BALANCE_CHECK_MISSING');
  });

  it('DI-05 a test weight outside its acceptance limit fails the check and blocks the balance', () => {
    const failed = unwrap(
      evaluatePeriodicCheck(
        plan,
        [
          { testWeight: 'E2 200 g #A17', mass: { amount: '200.0006', unit: 'g' }, stable: true, raw: 'S S    200.0006 g' },
          { testWeight: 'E2 10 g #B03', mass: { amount: '10000.2', unit: 'mg' }, stable: true, raw: 'S S    10000.2 mg' },
        ],
        { performedAt: '2026-03-02T06:00:00Z', performedBy: 'u-7' },
      ),
    );
    expect(failed.results.map((r) => [r.passed, r.deviation])).toEqual([
      [false, { amount: '0.0006', unit: 'g' }],
      [true, { amount: '0.0002', unit: 'g' }],
    ]);
    expect(failed.results[0]!.raw).toBe('S S    200.0006 g');
    const r = checkBalanceMayWeigh(qualification({ lastCheck: failed }), now);
    expect(code(r)).toBe('BALANCE_CHECK_FAILED');
    expect(!r.ok && r.error.details?.['failed']).toEqual(['E2 200 g #A17']);
  });

  it('a periodic check refuses unstable, missing or unplanned readings', () => {
    const by = { performedAt: '2026-03-02T06:00:00Z', performedBy: 'u-7' };
    const a = { testWeight: 'E2 200 g #A17', mass: { amount: '200', unit: 'g' as const }, stable: true, raw: '' };
    const b = { testWeight: 'E2 10 g #B03', mass: { amount: '10', unit: 'g' as const }, stable: true, raw: '' };
    expect(code(evaluatePeriodicCheck(plan, [a], by))).toBe('BALANCE_QUALIFICATION_INVALID');
    expect(code(evaluatePeriodicCheck(plan, [a, { ...b, stable: false }], by))).toBe('READING_NOT_STABLE');
    expect(code(evaluatePeriodicCheck(plan, [a, b, { ...b, testWeight: 'X' }], by))).toBe('BALANCE_QUALIFICATION_INVALID');
  });

  it('DI-05 refuses a net quantity below the minimum weight, and a gross above capacity', () => {
    expect(code(checkBalanceMayWeigh(qualification(), now, { net: { amount: '159.9', unit: 'mg' } }))).toBe('BALANCE_BELOW_MINIMUM_WEIGHT');
    expect(code(checkBalanceMayWeigh(qualification(), now, { net: { amount: '160', unit: 'mg' } }))).toBe('ok');
    expect(code(checkBalanceMayWeigh(qualification(), now, { gross: { amount: '220.0001', unit: 'g' } }))).toBe('BALANCE_ABOVE_CAPACITY');
  });

  it('refuses a malformed qualification record with a typed code', () => {
    expect(code(checkBalanceMayWeigh({ balanceId: 'X' }, now))).toBe('BALANCE_QUALIFICATION_INVALID');
    expect(code(checkBalanceMayWeigh(qualification({ capacity: { amount: '1e3', unit: 'g' } }), now))).toBe('BALANCE_QUALIFICATION_INVALID');
  });
});
