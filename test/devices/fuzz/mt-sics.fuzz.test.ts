import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMtSicsCodec } from '../../../src-main/devices/balance/mt-sics.codec.ts';
import { FUZZ_RUNS, fuzzCodec, numberish, recordedLines, unitish } from './balance-line-arbitraries.ts';

const grammar = fc
  .tuple(
    fc.constantFrom('S', 'SU', 'T', 'TI', 'TA', 'TAC', 'Z', 'ZI', 'I2', 'I3', 'I4', '@', 'SIR', 'X', ''),
    fc.constantFrom('S', 'D', 'I', 'A', 'L', '+', '-', 'Q', ''),
    fc.constantFrom(' ', '  ', ''),
    numberish,
    fc.constantFrom(' ', ''),
    unitish,
    fc.oneof(fc.constant(''), fc.constantFrom(' "XS205"', ' "PG5002-S 5100.0 g"', ' "', ' ""', ' "a" "b"')),
  )
  .map(([id, st, gap, n, gap2, u, q]) => `${id} ${st}${gap}${n}${gap2}${u}${q}`);

describe('MT-SICS parser fuzzing', () => {
  it(`A11-08 ${FUZZ_RUNS.toLocaleString('en')} generated lines: each parsed or refused with a typed code, none throws or hangs`, () => {
    const { runs, slowestMs } = fuzzCodec(createMtSicsCodec(), recordedLines('mt-sics.lines.json'), grammar);
    expect(runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(slowestMs).toBeLessThan(250); // a hang is seconds; GC pauses are tens of ms
  });
});
