import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { countPieces, countWindow, lossInWeight, massOfVolume, referencePieceWeight, volumeWindow } from './dispensing-modes.ts';
import { checkTolerance, toleranceWindow } from './tolerance-window.ts';

const g = (amount: string) => ({ amount, unit: 'g' as const });
const kg = (amount: string) => ({ amount, unit: 'kg' as const });
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('loss in weight (reverse dispensing)', () => {
  it('FR-20 the net is the reading before minus the reading after, exact, in the first reading\'s unit', () => {
    expect(lossInWeight(g('1250.40'), g('1003.15'))).toEqual({ ok: true, value: g('247.25') });
    expect(lossInWeight(kg('1.25040'), g('1003.15'))).toEqual({ ok: true, value: kg('0.24725') });
  });
  it('FR-20 nothing taken (after not below before) is refused', () => {
    expect(code(lossInWeight(g('1003.15'), g('1003.15')))).toBe('NET_NOT_POSITIVE');
    expect(code(lossInWeight(g('1003.15'), g('1003.16')))).toBe('NET_NOT_POSITIVE');
  });
});

describe('by volume (liquids)', () => {
  // 100 g ± 1 % of a liquid of density 1.26 g/mL (glycerol).
  const w = toleranceWindow(g('100'), { type: 'percent', minus: '1', plus: '1' });
  it('FR-21 the volume window is the mass window ÷ density, limits rounded inward to the resolution, target half-up', () => {
    const v = volumeWindow(w, '1.26', '0.1');
    // 99 / 1.26 = 78.571… → 78.6 (up); 101 / 1.26 = 80.158… → 80.1 (down); 100 / 1.26 = 79.365… → 79.4
    expect(v).toEqual({ ok: true, value: { target: '79.4', lower: '78.6', upper: '80.1', resolutionMl: '0.1', densityGPerMl: '1.26' } });
  });
  it('FR-21 a dispensed volume counts volume × density, exact', () => {
    expect(massOfVolume('79.4', '1.26')).toEqual({ ok: true, value: g('100.044') });
    expect(massOfVolume('0.5', '0.789')).toEqual({ ok: true, value: g('0.3945') });
  });
  it('FR-21 refuses a zero or malformed density or volume, and a window finer than the resolution', () => {
    expect(code(volumeWindow(w, '0', '0.1'))).toBe('DISPENSING_MODE_INVALID');
    expect(code(volumeWindow(w, '1.2.6', '0.1'))).toBe('DISPENSING_MODE_INVALID');
    expect(code(massOfVolume('-1', '1.26'))).toBe('DISPENSING_MODE_INVALID');
    expect(code(volumeWindow(toleranceWindow(g('10'), { type: 'percent', minus: '0.1', plus: '0.1' }), '1.26', '1'))).toBe('TOLERANCE_FINER_THAN_READABILITY');
  });
  it('FR-21 every volume the device can show inside the volume window gives a mass inside the mass window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_000, max: 5_000_000 }), fc.integer({ min: 500, max: 2_000 }), fc.constantFrom('0.1', '0.5', '1', '0.01'), fc.integer({ min: 1, max: 50 }), (mg, rhoMilli, res, tolTenths) => {
        const win = toleranceWindow(g(new Decimal(mg).dividedBy(1000).toFixed()), { type: 'percent', minus: new Decimal(tolTenths).dividedBy(10).toFixed(), plus: new Decimal(tolTenths).dividedBy(10).toFixed() });
        const rho = new Decimal(rhoMilli).dividedBy(1000).toFixed();
        const v = volumeWindow(win, rho, res);
        if (!v.ok) return;
        for (const vol of [v.value.lower, v.value.target, v.value.upper]) {
          const m = massOfVolume(vol, rho);
          expect(m.ok && checkTolerance(m.value, win)).toBe('within');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('by count (tablets, capsules)', () => {
  const piece = g('0.2503');
  // 50.00 g ± 2 % of tablets of 250.3 mg.
  const w = toleranceWindow(g('50.00'), { type: 'percent', minus: '2', plus: '2' });
  it('FR-22 the count window is ceil(lower ÷ w) … floor(upper ÷ w) pieces, target half-up', () => {
    // 49 / 0.2503 = 195.76 → 196; 51 / 0.2503 = 203.75 → 203; 50 / 0.2503 = 199.76 → 200
    expect(countWindow(w, piece)).toEqual({ ok: true, value: { target: 200, lower: 196, upper: 203, pieceWeight: piece } });
  });
  it('FR-22 the count is the net ÷ piece weight, rounded to a whole piece, held to the count window', () => {
    const cw = countWindow(w, piece);
    if (!cw.ok) throw new Error('window');
    expect(countPieces(g('50.09'), cw.value)).toEqual({ ok: true, value: { count: 200, pieces: '200.119856', verdict: 'within' } });
    expect(countPieces(g('48.80'), cw.value)).toMatchObject({ ok: true, value: { count: 195, verdict: 'below' } });
    expect(countPieces(g('51.06'), cw.value)).toMatchObject({ ok: true, value: { count: 204, verdict: 'above' } });
  });
  it('FR-22 a net more than a quarter piece from a whole count is refused as ambiguous', () => {
    const cw = countWindow(w, piece);
    if (!cw.ok) throw new Error('window');
    // 200.5 pieces: half a tablet on the pan.
    expect(code(countPieces(g('50.18515'), cw.value))).toBe('DISPENSING_MODE_INVALID');
    // Exactly a quarter piece over (200.25) still counts 200; just beyond it (200.26) does not.
    expect(countPieces(g('50.122575'), cw.value)).toMatchObject({ ok: true, value: { count: 200, pieces: '200.25' } });
    expect(code(countPieces(g('50.125078'), cw.value))).toBe('DISPENSING_MODE_INVALID');
  });
  it('FR-22 the reference piece weight is the sample net ÷ pieces, to 1 µg; refusals for no pieces or no mass', () => {
    expect(referencePieceWeight(g('5.0061'), 20)).toEqual({ ok: true, value: g('0.250305') });
    expect(code(referencePieceWeight(g('5.0061'), 0))).toBe('DISPENSING_MODE_INVALID');
    expect(code(referencePieceWeight(g('0'), 20))).toBe('NET_NOT_POSITIVE');
    expect(code(countWindow(toleranceWindow(g('0.1'), { type: 'percent', minus: '1', plus: '1' }), piece))).toBe('DISPENSING_MODE_INVALID');
  });
  it('FR-22 every count inside the count window weighs (count × w) inside the mass window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 2_000_000 }), fc.integer({ min: 50, max: 2_000 }), fc.integer({ min: 5, max: 50 }), (mg, pieceMg, tolTenths) => {
        const win = toleranceWindow(g(new Decimal(mg).dividedBy(1000).toFixed()), { type: 'percent', minus: new Decimal(tolTenths).dividedBy(10).toFixed(), plus: new Decimal(tolTenths).dividedBy(10).toFixed() });
        const pw = g(new Decimal(pieceMg).dividedBy(1000).toFixed());
        const cw = countWindow(win, pw);
        if (!cw.ok) return;
        for (const n of [cw.value.lower, cw.value.target, cw.value.upper]) {
          expect(checkTolerance(g(new Decimal(pw.amount).times(n).toFixed()), win)).toBe('within');
        }
      }),
      { numRuns: 300 },
    );
  });
});
