import { describe, expect, it } from 'vitest';
import { toleranceBarGeometry } from './tolerance-bar-geometry.ts';

const g = (amount: string) => ({ amount, unit: 'g' as const });

describe('tolerance bar geometry (issue 18 item 3): one proportional scale', () => {
  it('draws the target of an asymmetric window (−0.5 % / +1 %) a third of the way from the low limit, not in the middle', () => {
    const b = toleranceBarGeometry({ target: g('20.000'), lower: g('19.900'), upper: g('20.200') }, g('20.100'));
    // scale 19.700 … 20.400 (margin 0.200, the larger half-window)
    expect(b.lowerAt).toBeCloseTo(0.2 / 0.7, 9);
    expect(b.targetAt).toBeCloseTo(0.3 / 0.7, 9);
    expect(b.upperAt).toBeCloseTo(0.5 / 0.7, 9);
    expect((b.targetAt - b.lowerAt) / (b.upperAt - b.lowerAt)).toBeCloseTo(1 / 3, 9);
    expect(b.needleAt).toBeCloseTo(0.4 / 0.7, 9);
    expect(b.offScale).toBeNull();
  });

  it('a symmetric window puts the target in the middle; limits and needle are in the same units across mg, g and kg', () => {
    const b = toleranceBarGeometry({ target: { amount: '1.000', unit: 'kg' }, lower: g('995.00'), upper: { amount: '1005000', unit: 'mg' } }, g('1002.50'));
    expect([b.lowerAt, b.targetAt, b.upperAt, b.needleAt]).toEqual([0.25, 0.5, 0.75, 0.625]);
  });

  it('a reading beyond the scale is pinned at its end and says so; no reading, no needle', () => {
    const w = { target: g('10.00'), lower: g('9.90'), upper: g('10.10') };
    expect(toleranceBarGeometry(w, g('12.00'))).toMatchObject({ needleAt: 1, offScale: 'above' });
    expect(toleranceBarGeometry(w, g('0.00'))).toMatchObject({ needleAt: 0, offScale: 'below' });
    expect(toleranceBarGeometry(w, null)).toMatchObject({ needleAt: null, offScale: null });
  });

  it('a window of one point (a partial portion of nothing) does not divide by zero', () => {
    expect(toleranceBarGeometry({ target: g('5.00'), lower: g('5.00'), upper: g('5.00') }, g('5.00'))).toMatchObject({ lowerAt: 0.5, targetAt: 0.5, needleAt: 0.5 });
  });
});
