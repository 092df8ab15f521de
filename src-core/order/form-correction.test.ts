import { describe, expect, it } from 'vitest';
import { entryInForce, signedCorrectionEffect } from './form-correction.ts';

/** A correction written before FR-125: it names the value it replaces, not the entry. */
const byValue = (oldValue: unknown) => ({ oldValue });

describe('signedCorrectionEffect (FR-124, FR-125)', () => {
  it('FR-124 a signed correction from before FR-125 (no replacesSeq) is applied only while the value it names is the value in force, equal as recorded', () => {
    const inForce = (value: unknown) => ({ value, seq: 7 });
    expect(signedCorrectionEffect(inForce(10.02), byValue(10.02))).toBe('applied');
    expect(signedCorrectionEffect(inForce('B-0099'), byValue('B-0099'))).toBe('applied');
    expect(signedCorrectionEffect(inForce(10.05), byValue(10.02))).toBe('stale');
    // Same digits, another JSON type: not the value recorded.
    expect(signedCorrectionEffect(inForce('10.02'), byValue(10.02))).toBe('stale');
    expect(signedCorrectionEffect(inForce(false), byValue(null))).toBe('stale');
  });

  it('FR-125 a signed correction naming the entry it replaces is applied only while that entry\'s value is in force: the same value put back by another correction (v0 → v1 → v0) makes it stale', () => {
    // Recorded by entry 5 as 10.02; corrected by 8 to 10.05 and by 9 back to 10.02.
    expect(signedCorrectionEffect({ value: 10.02, seq: 5 }, { oldValue: 10.02, replacesSeq: 5 })).toBe('applied');
    expect(signedCorrectionEffect({ value: 10.02, seq: 9 }, { oldValue: 10.02, replacesSeq: 5 })).toBe('stale');
    expect(signedCorrectionEffect({ value: 10.05, seq: 8 }, { oldValue: 10.02, replacesSeq: 5 })).toBe('stale');
    // The right entry but another value than it holds (an inconsistent entry): not applied either.
    expect(signedCorrectionEffect({ value: 10.02, seq: 5 }, { oldValue: 10.03, replacesSeq: 5 })).toBe('stale');
  });

  it('FR-125 the entry in force is the last correction of the field that took effect, else the entry that recorded it, else the form\'s record entry (one answer for the engine and the fold)', () => {
    const form = { recordSeq: 4, filledBy: { massA: { seq: 5 }, massB: { seq: 6 } }, corrections: [{ seq: 8, field: 'massA' }, { seq: 9, field: 'massA' }, { seq: 10, field: 'massC' }] };
    expect([entryInForce(form, 'massA'), entryInForce(form, 'massB'), entryInForce(form, 'sampleMass')]).toEqual([9, 6, 4]);
  });
});
