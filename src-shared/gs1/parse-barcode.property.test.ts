/**
 * Fuzzing parseBarcode (issue 3: "at least 100,000 generated inputs"): random strings, random AI
 * sequences, and mutations of valid codes must each be parsed or refused with a typed code,
 * never throw and never take long; and any valid element list survives encode -> parse intact.
 * Seeds are fixed so a failure reproduces. 125,000 generated cases; with the round trip's three
 * forms each, 175,000 calls of parseBarcode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.ts';
import { AI_TABLE, type AiComponent, type AiDefinition } from './ai-table.ts';
import { CSET39, CSET64, CSET82 } from './charsets.ts';
import { gmnCheckPair, withCheckDigit } from './check-digit.ts';
import { encodeElementString, type AiValue } from './encode-element-string.ts';
import { parseBarcode } from './parse-barcode.ts';

const GS = '\x1D';
const OPTS = { referenceYear: 2025 };
const DEFS = [...AI_TABLE.values()];
let slowest = { ms: 0, input: '' };
/** Outcomes seen, by kind or error code: proves the generators reach both sides of the parser. */
const outcomes = new Map<string, number>();

const KINDS = new Set(['gs1', 'sscc', 'gtin', 'cn-drug-trace', 'internal-container']);

/**
 * Parse and check the contract: ok with a known kind, or a known error code with a message and
 * a position inside the input. Plain checks rather than expect(): this runs 100,000 times.
 */
function parsesOrRefuses(input: string): void {
  const t0 = performance.now();
  const r = parseBarcode(input, OPTS);
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, input };
  const outcome = r.ok ? r.value.kind : r.error.code;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  if (r.ok) {
    if (!KINDS.has(r.value.kind)) throw new Error(`unknown kind ${r.value.kind}`);
    return;
  }
  if (!ErrorCode.safeParse(r.error.code).success) throw new Error(`untyped error ${r.error.code}`);
  if (r.error.message.length === 0) throw new Error('empty message');
  const pos = r.error.details?.['position'];
  if (pos !== undefined && (typeof pos !== 'number' || pos < 0 || pos > input.length)) {
    throw new Error(`position ${String(pos)} outside the input (${input.length} characters)`);
  }
}

const chars = (set: string, min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...set), minLength: min, maxLength: max });
const digits = (n: number) => chars('0123456789', n, n);
const num = (n: number, lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((v) => String(v).padStart(n, '0'));
const p2 = (v: number) => String(v).padStart(2, '0');
const day = fc.integer({ min: 0, max: 28 });

/** A value for one component that passes its charset and content checks. */
function validComponent(c: AiComponent): fc.Arbitrary<string> {
  const set = c.charset === 'N' ? '0123456789' : c.charset === 'Y' ? CSET39 : c.charset === 'Z' ? CSET64 : CSET82;
  const l = c.linters;
  if (l.includes('csum')) return digits(c.max - 1).map(withCheckDigit);
  if (l.includes('yymmd0')) return fc.tuple(fc.nat(99), fc.integer({ min: 1, max: 12 }), day).map(([y, m, d]) => p2(y) + p2(m) + p2(d));
  if (l.includes('yymmdd')) return fc.tuple(fc.nat(99), fc.integer({ min: 1, max: 12 }), day.map((d) => d || 1)).map(([y, m, d]) => p2(y) + p2(m) + p2(d));
  if (l.includes('yyyymmdd')) return fc.tuple(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}${p2(m)}${p2(d)}`);
  if (l.includes('hhmi')) return fc.tuple(fc.nat(23), fc.nat(59)).map(([h, m]) => p2(h) + p2(m));
  if (l.includes('hh')) return num(2, 0, 23);
  if (l.includes('mi') || l.includes('ss')) return num(2, 0, 59);
  if (l.includes('pieceoftotal')) return fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 })).map(([a, b]) => p2(Math.min(a, b)) + p2(Math.max(a, b)));
  if (l.includes('csumalpha')) {
    return chars(CSET82, 1, Math.min(23, c.max - 2)).map((d) => (l.includes('hasnondigit') ? 'A' + d.slice(1) : d)).map((d) => d + gmnCheckPair(d)!);
  }
  if (l.includes('nonzero')) return digits(c.max).map((d) => '1' + d.slice(1));
  if (l.includes('zero')) return fc.constant('0');
  if (l.includes('winding')) return fc.constantFrom('0', '1', '9');
  if (l.includes('yesno')) return fc.constantFrom('0', '1');
  if (l.includes('iso5218')) return fc.constantFrom('0', '1', '2', '9');
  if (l.includes('mediatype')) return fc.constantFrom('01', '05', '10', '80', '99');
  if (l.includes('hyphen')) return fc.constant('-');
  if (l.includes('iban')) return fc.constantFrom('GB82WEST12345698765432', 'DE89370400440532013000');
  if (l.includes('posinseqslash')) return fc.constantFrom('1/2', '2/2', '1/9');
  if (l.includes('nozeroprefix')) return fc.tuple(chars('123456789', 1, 1), chars('0123456789', 0, c.max - 1)).map(([f, r]) => f + r);
  if (l.includes('importeridx')) return chars(CSET64, 1, 1);
  if (l.includes('latitude')) return num(10, 0, 1_800_000_000);
  if (l.includes('longitude')) return num(10, 0, 3_600_000_000);
  if (l.includes('iso3166alpha2')) return chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2, 2);
  if (l.includes('pcenc')) return chars(CSET82.replace('%', ''), c.min, c.max);
  if (c.charset === 'Z') return chars(CSET64, c.min, c.max);
  return chars(set, c.min, c.max);
}

/** Valid values for one AI: one variant per number of optional trailing components present. */
function validValue(def: AiDefinition): fc.Arbitrary<string> {
  const firstOptional = def.components.findIndex((c) => c.optional);
  const nMandatory = firstOptional < 0 ? def.components.length : firstOptional;
  const variants: fc.Arbitrary<string>[] = [];
  for (let n = nMandatory; n <= def.components.length; n++) {
    variants.push(fc.tuple(...def.components.slice(0, n).map(validComponent)).map((parts) => parts.join('')));
  }
  return variants.length === 1 ? variants[0]! : fc.oneof(...variants);
}

// Built once: arbitraries constructed inside chain() per run made generation the bottleneck.
const PHARMA_AIS = new Set(['00', '01', '02', '10', '11', '17', '21', '30', '37', '3103', '7003', '8008', '240', '8004']);
const validElement: fc.Arbitrary<AiValue> = fc.oneof(
  ...DEFS.map((def) => ({ arbitrary: validValue(def).map((value) => ({ ai: def.ai, value })), weight: PHARMA_AIS.has(def.ai) ? 40 : 1 })),
);
const validElements = fc.uniqueArray(validElement, { minLength: 1, maxLength: 8, selector: (e) => e.ai });

const symbologyPrefix = fc.constantFrom('', ']d2', ']C1', ']Q3', ']e0', ']J1', ']d1', ']E0', ']Z9', ']');

describe('parseBarcode fuzzing (125,000 generated cases)', () => {
  it('random strings: 40,000 inputs, each parsed or refused with a typed code', () => {
    const alphabet = '0123456789()]' + GS + 'ABCdQeEC1230^~ \r\n\\%';
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 120 }),
          fc.tuple(symbologyPrefix, fc.string({ unit: fc.constantFrom(...'0123456789' + GS), maxLength: 80 })).map(([a, b]) => a + b),
        ),
        (s) => parsesOrRefuses(s),
      ),
      { numRuns: 40_000, seed: 3_000_001 },
    );
  });

  it('random AI sequences: 30,000 inputs of real AIs with arbitrary values', () => {
    // An AI from the table, a value of arbitrary length drawn from digits or set 82 (mapped to
    // digits for numeric AIs), and whether a GS follows it.
    const anyValue = fc.tuple(fc.nat(DEFS.length - 1), fc.string({ unit: fc.constantFrom(...CSET82), maxLength: 34 }), fc.boolean()).map(
      ([i, v, sep]): [string, string, boolean] => {
        const def = DEFS[i]!;
        const value = def.components[0]!.charset === 'N' ? v.replace(/./g, (ch) => String(ch.charCodeAt(0) % 10)) : v;
        return [def.ai, value, sep];
      },
    );
    fc.assert(
      fc.property(symbologyPrefix, fc.boolean(), fc.array(anyValue, { minLength: 1, maxLength: 10 }), (prefix, bracketed, parts) => {
        const body = bracketed
          ? parts.map(([ai, v]) => `(${ai})${v}`).join('')
          : parts.map(([ai, v, sep]) => ai + v + (sep ? GS : '')).join('');
        parsesOrRefuses(prefix + body);
      }),
      { numRuns: 30_000, seed: 3_000_002 },
    );
  });

  it('mutations of valid codes: 30,000 inputs with one to three edits each', () => {
    const edit = fc.record({ kind: fc.constantFrom('insert', 'delete', 'replace', 'swap', 'truncate', 'dropGs'), at: fc.nat(), ch: fc.constantFrom(...'0123456789AZaz()' + GS + ' ') });
    fc.assert(
      fc.property(validElements, fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 3 }), (elements, bracketed, edits) => {
        const enc = encodeElementString(elements, OPTS);
        if (!enc.ok) throw new Error(`generator produced an invalid element: ${enc.error.message}`);
        let s = bracketed ? enc.value.hri : ']d2' + enc.value.raw;
        for (const e of edits) {
          const i = s.length === 0 ? 0 : e.at % s.length;
          if (e.kind === 'insert') s = s.slice(0, i) + e.ch + s.slice(i);
          else if (e.kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
          else if (e.kind === 'replace') s = s.slice(0, i) + e.ch + s.slice(i + 1);
          else if (e.kind === 'swap' && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
          else if (e.kind === 'truncate') s = s.slice(0, i);
          else if (e.kind === 'dropGs') s = s.replace(GS, '');
        }
        parsesOrRefuses(s);
      }),
      { numRuns: 30_000, seed: 3_000_003 },
    );
  });

  it('round trip: 25,000 random valid element lists survive encode -> parse (both forms)', () => {
    fc.assert(
      fc.property(validElements, (elements) => {
        const enc = encodeElementString(elements, OPTS);
        if (!enc.ok) throw new Error(`generator produced an invalid element: ${enc.error.message}`);
        for (const form of [enc.value.hri, ']d2' + enc.value.raw, ']Q3' + GS + enc.value.raw + GS]) {
          const r = parseBarcode(form, OPTS);
          if (!r.ok) throw new Error(`${JSON.stringify(form)} refused: ${r.error.code} ${r.error.message}`);
          const got = r.value.elements;
          if (got.length !== elements.length || got.some((e, i) => e.ai !== elements[i]!.ai || e.value !== elements[i]!.value)) {
            expect(got.map((e) => ({ ai: e.ai, value: e.value }))).toEqual(elements); // reports the difference
          }
          if (r.value.hri !== enc.value.hri) expect(r.value.hri).toBe(enc.value.hri);
        }
      }),
      { numRuns: 25_000, seed: 3_000_004 },
    );
  });

  it('reached every kind of answer: parsed kinds and at least ten distinct error codes', () => {
    for (const kind of ['gs1', 'sscc', 'gtin', 'cn-drug-trace']) expect(outcomes.get(kind) ?? 0, kind).toBeGreaterThan(0);
    const codes = [...outcomes.keys()].filter((k) => k.startsWith('BARCODE_'));
    expect(codes.length, codes.join(', ')).toBeGreaterThanOrEqual(10);
  });

  it('has no pathological input: the slowest one seen re-parses in under 5 ms', () => {
    // The slowest single call above may include a GC pause; timing it again in isolation
    // separates that from a genuinely expensive input.
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parseBarcode(slowest.input, OPTS);
      times.push(performance.now() - t0);
    }
    expect(Math.min(...times), JSON.stringify(slowest.input)).toBeLessThan(5);
  });
});

describe('parseBarcode on the longest inputs it accepts', () => {
  it('refuses a 4,096-character run of one AI quickly', () => {
    for (const s of ['9'.repeat(4096), '(10)' + 'A('.repeat(2046), '10' + GS.repeat(4094), '(' .repeat(4096)]) {
      const t0 = performance.now();
      parsesOrRefuses(s);
      expect(performance.now() - t0).toBeLessThan(200);
    }
  });
});
