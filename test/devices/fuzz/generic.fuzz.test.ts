import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGenericPrintCodec } from '../../../src-main/devices/balance/generic-print.codec.ts';
import { unwrap } from '../../../src-shared/result.ts';
import { FUZZ_RUNS, fuzzCodec, numberish, recordedLines, unitish } from './balance-line-arbitraries.ts';

const config = (JSON.parse(readFileSync(new URL('../../fixtures/balance/generic.lines.json', import.meta.url), 'utf8')) as { config: unknown }).config;

const grammar = fc
  .tuple(fc.constantFrom('ST', 'US', 'OL', 'UL', 'XX', ''), fc.constantFrom(' ', '    ', ''), numberish, fc.constantFrom(' ', ''), unitish)
  .map(([st, gap, n, gap2, u]) => `${st}${gap}${n}${gap2}${u}`);

describe('generic print parser fuzzing', () => {
  it(`A11-08 ${FUZZ_RUNS.toLocaleString('en')} generated lines: each parsed or refused with a typed code, none throws or hangs`, () => {
    const { runs, slowestMs } = fuzzCodec(unwrap(createGenericPrintCodec(config)), recordedLines('generic.lines.json'), grammar);
    expect(runs).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(slowestMs).toBeLessThan(250); // a hang is seconds; GC pauses are tens of ms
  });
});
