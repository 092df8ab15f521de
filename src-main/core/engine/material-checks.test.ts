import { describe, expect, test } from 'vitest';
import { checkContainerForLine, type ContainerFacts } from './material-checks.ts';
import type { PlannedLine } from '../../../src-shared/orders/execution-plan.ts';

const line: PlannedLine = {
  lineId: 'L1',
  materialCode: 'API',
  materialName: 'API',
  nominal: { amount: '1', unit: 'kg' },
  tolerance: { type: 'percent', minus: '1', plus: '1' },
  potency: { corrected: true, basis: 'anhydrous' },
  compensatesFor: null,
  handlingNotes: [],
  safetyNotes: [],
};
const stored = <T>(key: string, data: T) => ({ key, version: 1, contentHash: 'h', appliedSeq: 1, data });
const facts = (lot: Record<string, unknown> = {}, container: Record<string, unknown> = {}, left = '5'): ContainerFacts => ({
  container: stored('C1', { containerId: 'C1', lotId: 'LOT1', materialCode: 'API', quantity: { amount: '5', unit: 'kg' }, tare: { amount: '1', unit: 'kg' }, ...container }),
  left: { amount: left, unit: 'kg' },
  lot: stored('LOT1', { lotId: 'LOT1', materialCode: 'API', lotNumber: 'N1', qcStatus: 'released' as const, expiryDate: '2026-12-31', retestDate: '2026-06-30', assayPercent: '99.0', waterPercent: '1.0', ...lot }),
  material: stored('API', { materialCode: 'API', name: 'API', gtins: ['04012345000017'], potency: { corrected: true as const, basis: 'anhydrous' as const }, handlingNotes: [], safetyNotes: [] }),
});
const scan = (extra: Record<string, string | null> = {}) => ({ containerId: 'C1', gtin: null, lotNumber: null, raw: null, ...extra });
const code = (f: ContainerFacts, today = '2026-06-01', s = scan()) => {
  const r = checkContainerForLine(line, s, f, today);
  return r.ok ? 'ok' : r.error.code;
};

describe('container checks (pure)', () => {
  test('a released, in-date lot passes with its potency fraction', () => {
    const r = checkContainerForLine(line, scan({ gtin: '04012345000017', lotNumber: 'N1' }), facts(), '2026-06-01');
    expect(r.ok && r.value.potencyFraction).toBe('0.9801');
  });
  test('dates are calendar days: usable through expiry and retest day, refused the day after', () => {
    expect(code(facts(), '2026-06-30')).toBe('ok');
    expect(code(facts(), '2026-07-01')).toBe('LOT_PAST_RETEST');
    expect(code(facts({ retestDate: null }), '2026-12-31')).toBe('ok');
    expect(code(facts({ retestDate: null }), '2027-01-01')).toBe('LOT_EXPIRED');
  });
  test('each refusal in the order an auditor walks them', () => {
    expect(code({ ...facts(), container: undefined })).toBe('CONTAINER_UNKNOWN');
    expect(code(facts(), '2026-06-01', scan({ gtin: '04012345000024' }))).toBe('CONTAINER_LABEL_MISMATCH');
    expect(code(facts({}, { materialCode: 'EXC' }))).toBe('WRONG_MATERIAL');
    expect(code({ ...facts(), lot: undefined })).toBe('LOT_UNKNOWN');
    expect(code(facts(), '2026-06-01', scan({ lotNumber: 'N2' }))).toBe('CONTAINER_LABEL_MISMATCH');
    for (const qc of ['quarantine', 'rejected', 'on-hold']) expect(code(facts({ qcStatus: qc }))).toBe('LOT_NOT_RELEASED');
    expect(code(facts({ waterPercent: null }))).toBe('MASTER_DATA_INVALID');
    expect(code(facts({ assayPercent: '0' }))).toBe('MASTER_DATA_INVALID');
    expect(code(facts({}, {}, '0.000'))).toBe('CONTAINER_EMPTY');
  });
});
