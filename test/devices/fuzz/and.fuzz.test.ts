import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAndCodec } from '../../../src-main/devices/balance/and-standard.codec.ts';
import { FUZZ_RUNS, fuzzCodec, numberish, recordedLines, unitish } from './balance-line-arbitraries.ts';

const grammar = fc.oneof(
  fc
    .tuple(fc.constantFrom('ST', 'US', 'QT', 'OL', 'PT', 'XX', 'st'), fc.constantFrom('', 'OK,', 'HI,', '??,'), fc.constantFrom('+', '-', '', '*'), numberish, unitish)
    .map(([h, cmp, s, n, u]) => `${h},${cmp}${s}${n.padStart(8, '0').slice(-8)}${u.padStart(3, ' ')}`),
  fc.tuple(fc.constantFrom('EC,', 'SN,', 'TN,', 'ID,'), fc.string({ maxLength: 12 })).map(([h, t]) => h + t),
);

describe('A&D parser fuzzing', () => {
  it(`A11-08 ${FUZZ_RUNS.toLocaleString('en')} generated lines: each parsed or refused with a typed code, none throws or hangs`, () => {
    const { runs, slowestMs } = fuzzCodec(createAndCodec(), recordedLines('and.lines.json'), grammar);
    expect(runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(slowestMs).toBeLessThan(250); // a hang is seconds; GC pauses are tens of ms
  });
});
