import { describe, expect, it } from 'vitest';
import { signedCorrectionEffect } from './form-correction.ts';

describe('signedCorrectionEffect (FR-124)', () => {
  it('FR-124 a signed correction is applied only while the value it names is the value in force, equal as recorded', () => {
    expect(signedCorrectionEffect(10.02, 10.02)).toBe('applied');
    expect(signedCorrectionEffect('B-0099', 'B-0099')).toBe('applied');
    expect(signedCorrectionEffect(10.05, 10.02)).toBe('stale');
    // Same digits, another JSON type: not the value recorded.
    expect(signedCorrectionEffect('10.02', 10.02)).toBe('stale');
    expect(signedCorrectionEffect(false, null)).toBe('stale');
  });
});
