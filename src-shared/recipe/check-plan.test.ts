import { describe, expect, it } from 'vitest';
import { parseCheckPlans, type CheckPlanInput } from './check-plan.ts';

const good: CheckPlanInput = {
  schemaVersion: 1,
  checkId: 'TW',
  name: 'Tablet weight',
  unit: 'mg',
  source: 'balance',
  frequency: { every: 'minutes', minutes: 30 },
  sampleSize: 10,
  decimals: 1,
  specification: { lower: '475', upper: '525' },
  control: { center: '500', lcl: '491', ucl: '509' },
};

const reasonsOf = (input: unknown): string[] => {
  const r = parseCheckPlans(input);
  expect(r.ok ? 'accepted' : r.error.code).toBe('CHECK_PLAN_INVALID');
  return r.ok ? [] : (r.error.details!.reasons as string[]);
};

describe('IPQC check plans (recipe data)', () => {
  it('FR-50 a well-formed plan parses, with the default grace and the Western Electric rules', () => {
    const r = parseCheckPlans([good, { ...good, checkId: 'HARD', unit: 'N', source: 'typed', frequency: { every: 'units', units: 5000 }, control: null, specification: { lower: '80', upper: null } }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value[0]!.frequency).toEqual({ every: 'minutes', minutes: 30, graceMinutes: 5 });
    expect(r.value[0]!.rules).toEqual(['WE1', 'WE2', 'WE3', 'WE4']);
    expect(r.value[1]!.frequency).toEqual({ every: 'units', units: 5000, graceUnits: 0 });
  });

  it('FR-50 a malformed plan is refused with its reasons, each named', () => {
    expect(reasonsOf([{ ...good, specification: { lower: '525', upper: '475' } }])).toEqual([expect.stringContaining('lower specification limit 525 must be below the upper 475')]);
    expect(reasonsOf([{ ...good, specification: { lower: null, upper: null } }])).toEqual([expect.stringContaining('needs a lower or an upper specification limit')]);
    expect(reasonsOf([{ ...good, control: { center: '500', lcl: '510', ucl: '520' } }])).toEqual([expect.stringContaining('lcl < center < ucl')]);
    expect(reasonsOf([{ ...good, unit: 'N' }])).toEqual([expect.stringContaining('must be a mass unit')]);
    expect(reasonsOf([good, good])).toEqual([expect.stringContaining('"TW" appears twice')]);
    expect(reasonsOf([{ ...good, sampleSize: 0 }])[0]).toMatch(/^0\.sampleSize: /);
    expect(reasonsOf([{ ...good, frequency: { every: 'hours', hours: 1 } }])[0]).toMatch(/^0\.frequency/);
    expect(reasonsOf([{ ...good, specification: { lower: 'abc', upper: '525' } }])[0]).toMatch(/^0\.specification\.lower: /);
    expect(reasonsOf([{ ...good, rules: ['WE1', 'XX9'] }])[0]).toMatch(/^0\.rules\.1: /);
  });

  it('FR-50 a plan of another schema version is refused as such, not read as version 1', () => {
    expect(reasonsOf([{ ...good, schemaVersion: 2 }])).toEqual(['check plan #1: schema version 2 is not supported (this station reads version 1)']);
    expect(reasonsOf([{ ...good, schemaVersion: undefined }])).toEqual(['check plan #1: schema version null is not supported (this station reads version 1)']);
  });
});
