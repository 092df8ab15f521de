import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSbiCodec } from '../../../src-main/devices/balance/sartorius-sbi.codec.ts';
import { FUZZ_RUNS, fuzzCodec, numberish, recordedLines, unitish } from './balance-line-arbitraries.ts';

const grammar = fc.oneof(
  fc
    .tuple(fc.constantFrom('', 'N     ', 'G#    ', 'T     ', 'Qnt   ', 'X'), fc.constantFrom('+', '-', ' ', '*'), numberish, fc.constantFrom(' ', ']', ''), unitish)
    .map(([id, s, n, gap, u]) => `${id}${s}${n.padStart(9, ' ').slice(-9)}${gap}${u.padEnd(3, ' ')}`),
  fc
    .tuple(fc.constantFrom('H', 'HH', 'L', 'LL', 'C', 'Err 12', 'Err', 'Err 9999', '?', ''), fc.nat({ max: 12 }))
    .map(([code, pad]) => `Stat${' '.repeat(pad)}${code}`),
);

describe('Sartorius SBI parser fuzzing', () => {
  it(`A11-08 ${FUZZ_RUNS.toLocaleString('en')} generated lines: each parsed or refused with a typed code, none throws or hangs`, () => {
    const { runs, slowestMs } = fuzzCodec(createSbiCodec({ autoPrint: true }), recordedLines('sbi.lines.json'), grammar);
    expect(runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(slowestMs).toBeLessThan(250); // a hang is seconds; GC pauses are tens of ms
  });
});
