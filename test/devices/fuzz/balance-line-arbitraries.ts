/**
 * Generators for balance-parser fuzzing: raw random bytes, and near-valid lines made by
 * mutating recorded lines and by filling a protocol's grammar with wrong-but-plausible parts
 * (the inputs a flaky cable, a wrong baud rate or a different balance produce).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors.ts';
import type { BalanceCodec } from '../../../src-main/devices/balance/balance-codec.ts';

export function recordedLines(file: string): string[] {
  const data = JSON.parse(readFileSync(new URL(`../../fixtures/balance/${file}`, import.meta.url), 'utf8')) as
    | { line: string }[]
    | { lines: { line: string }[] };
  const entries = Array.isArray(data) ? data : data.lines;
  return entries.map((e) => e.line.replace(/\r?\n$/, ''));
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** Random bytes, printable-heavy so that some of them look like text. */
export const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map(latin1),
  fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

const noiseChar = fc.oneof(
  fc.constantFrom(' ', '+', '-', '.', ',', '"', '0', '9', 'g', 'k', 'm', 'S', 'D', 'I', 'A', 'E', '[', ']', '\x06', '\x1b'),
  fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
);

/** A recorded line with 1–4 random edits (replace, insert, delete, truncate, duplicate). */
export function mutatedLine(seeds: string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.constantFrom('replace', 'insert', 'delete', 'truncate', 'double'), fc.nat(), noiseChar);
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([seed, edits]) => {
    let s = seed;
    for (const [op, pos, ch] of edits) {
      const i = s.length === 0 ? 0 : pos % (s.length + 1);
      if (op === 'replace') s = s.slice(0, i) + ch + s.slice(i + 1);
      else if (op === 'insert') s = s.slice(0, i) + ch + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else if (op === 'truncate') s = s.slice(0, i);
      else s = s + s;
    }
    return s;
  });
}

export const numberish = fc.oneof(
  fc.tuple(fc.constantFrom('', '+', '-', ' -', '- '), fc.stringMatching(/^[0-9]{0,9}(\.[0-9]{0,6})?$/)).map(([s, n]) => s + n),
  fc.string({ unit: fc.constantFrom('0', '1', '9', '.', ' ', '-', '+', 'E', 'e'), maxLength: 14 }),
);
export const unitish = fc.constantFrom('g', 'mg', 'kg', 'lb', 'oz', 'ct', 'pcs', '%', 'G', '', ' g', 'g ', 'gg');

const KNOWN_CODES = new Set<string>(ErrorCode.options);

/**
 * The fuzz property: the codec never throws, answers within a few milliseconds, and either
 * refuses with a known typed code or returns a well-formed message that keeps the raw line.
 */
export function assertParsedOrRefused(codec: BalanceCodec, line: string, budget: { maxMs: number }): void {
  const started = performance.now();
  const r = codec.parseLine(line);
  const took = performance.now() - started;
  if (took > budget.maxMs) budget.maxMs = took; // recorded, asserted by the caller
  if (!r.ok) {
    expect(KNOWN_CODES.has(r.error.code), r.error.code).toBe(true);
    expect(r.error.message.length).toBeGreaterThan(0);
    return;
  }
  const m = r.value;
  expect(['weight', 'status', 'ack', 'info', 'device-error']).toContain(m.kind);
  if (m.kind === 'weight') {
    expect(m.mass.amount).toMatch(/^-?\d+(\.\d+)?$/);
    expect(['mg', 'g', 'kg']).toContain(m.mass.unit);
    expect(m.sign).toBe(m.mass.amount.startsWith('-') ? '-' : '+');
    expect(typeof m.stable).toBe('boolean');
  }
  if (m.raw !== '\x06') expect(line.startsWith(m.raw)).toBe(true);
}

export const FUZZ_RUNS = 100_000;

/** Runs ≥100,000 generated inputs (a third each: random bytes, mutated lines, grammar-built lines). */
export function fuzzCodec(codec: BalanceCodec, seeds: string[], grammar: fc.Arbitrary<string>): { runs: number; slowestMs: number } {
  const budget = { maxMs: 0 };
  let runs = 0;
  fc.assert(
    fc.property(fc.oneof(randomBytes, mutatedLine(seeds), grammar), (line) => {
      runs += 1;
      assertParsedOrRefused(codec, line, budget);
    }),
    { numRuns: FUZZ_RUNS, seed: 20260101 },
  );
  return { runs, slowestMs: budget.maxMs };
}
