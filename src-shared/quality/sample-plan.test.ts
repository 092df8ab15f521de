import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { samplePlan } from './sample-plan.ts';
import { evaluateLot, resultVerdict } from './spec-evaluation.ts';

describe('sample plan', () => {
  // n: containers delivered; full: not-approved supplier (√n+1 rounded up); reduced: approved (√n rounded up)
  const TABLE: [number, number, number][] = [
    [1, 1, 1],
    [2, 2, 2],
    [3, 3, 3],
    [4, 3, 2],
    [5, 4, 3],
    [9, 4, 3],
    [10, 5, 4],
    [16, 5, 4],
    [17, 6, 5],
    [50, 9, 8],
    [100, 11, 10],
    [101, 12, 11],
  ];
  it.each(TABLE)('FR-46 %i containers: %i sampled (full plan), %i (approved supplier)', (n, full, reduced) => {
    expect(samplePlan(n, 'new').containers).toBe(full);
    expect(samplePlan(n, 'conditional').containers).toBe(full);
    expect(samplePlan(n, 'approved').containers).toBe(reduced);
    expect(samplePlan(n, 'new').rule).toBe(n <= 3 ? 'all' : 'sqrt-n-plus-1');
    expect(samplePlan(n, 'approved').rule).toBe(n <= 3 ? 'all' : 'reduced-sqrt-n');
  });

  it('FR-46 picks distinct containers spread over the delivery, the first always', () => {
    expect(samplePlan(10, 'new').positions).toEqual([0, 2, 4, 6, 8]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.constantFrom('approved' as const, 'new' as const), (n, s) => {
        const p = samplePlan(n, s);
        expect(new Set(p.positions).size).toBe(p.containers);
        expect(p.positions[0]).toBe(0);
        expect(p.positions.every((x, i) => x >= 0 && x < n && (i === 0 || x > p.positions[i - 1]!))).toBe(true);
        expect(p.containers).toBeLessThanOrEqual(n);
        expect(p.containers).toBeGreaterThanOrEqual(Math.min(n, Math.ceil(Math.sqrt(n))));
      }),
    );
  });
});

describe('specification evaluation', () => {
  const spec = {
    material: 'API-PARA',
    version: 2,
    tests: [
      { code: 'ASSAY', name: 'Assay', kind: 'numeric' as const, unit: '%', lower: 98, upper: 102 },
      { code: 'ID', name: 'Identity (IR)', kind: 'text' as const, accepted: ['conforms'] },
      { code: 'WATER', name: 'Water', kind: 'numeric' as const, unit: '%', lower: null, upper: 0.5 },
    ],
  };
  it('FR-48 releases when every test passes, limits inclusive, texts case-insensitive', () => {
    const e = evaluateLot('L1', spec, [
      { resultId: 'r1', testCode: 'ASSAY', value: 102, unit: '%' },
      { resultId: 'r2', testCode: 'ID', value: ' Conforms ' },
      { resultId: 'r3', testCode: 'WATER', value: 0.5, unit: '%' },
    ]);
    expect(e.disposition).toBe('released');
  });
  it('FR-48 waits while a test has no result, rejects on any failure even after a passing retest', () => {
    expect(evaluateLot('L1', spec, [{ resultId: 'r1', testCode: 'ASSAY', value: 99 }]).disposition).toBeNull();
    const e = evaluateLot('L1', spec, [
      { resultId: 'r1', testCode: 'ASSAY', value: 97.9 },
      { resultId: 'r1b', testCode: 'ASSAY', value: 99.9 },
      { resultId: 'r2', testCode: 'ID', value: 'conforms' },
      { resultId: 'r3', testCode: 'WATER', value: 0.1 },
    ]);
    expect(e.disposition).toBe('rejected');
    expect(e.tests[0]).toMatchObject({ verdict: 'fail', resultId: 'r1' });
  });
  it('FR-48 fails a number in another unit, a text for a numeric test, and an unlisted text', () => {
    const assay = spec.tests[0]!;
    expect(resultVerdict(assay, { value: 100, unit: 'mg/g' })).toBe('fail');
    expect(resultVerdict(assay, { value: '100' })).toBe('fail');
    expect(resultVerdict(spec.tests[1]!, { value: 'does not conform' })).toBe('fail');
  });
});
