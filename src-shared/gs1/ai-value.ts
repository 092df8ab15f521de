/**
 * Validates one AI's value against its definition and derives its typed meaning. The order of
 * checks follows what helps the operator most: length first (a check-digit error on a value
 * that is too short is noise), then the character set, then content rules (check digits,
 * dates, ...). Every refusal names the AI and the absolute position of the offending character.
 */
import { err, ok, type Result } from '../result.ts';
import type { AiDefinition } from './ai-table.ts';
import { charsetTitle, firstInvalidChar } from './charsets.ts';
import { pad2, resolveGs1Date } from './gs1-dates.ts';
import { runLinter, type LintContext } from './linters.ts';
import type { Gs1Element, Gs1Measure } from './types.ts';

/**
 * Checks `value` (which starts at `valueStart` in the scanned input) and returns the element.
 * `aiPosition` is where the AI digits start.
 */
export function validateAiValue(
  def: AiDefinition,
  value: string,
  aiPosition: number,
  valueStart: number,
  ctx: LintContext,
): Result<Gs1Element> {
  const where = { ai: def.ai, position: valueStart };
  if (value.length < def.minLength || value.length === 0) {
    return err('BARCODE_BAD_LENGTH', `AI (${def.ai}) ${def.title}: value "${value}" is too short (${value.length} characters, needs ${describeLength(def)})`, { ...where, length: value.length, minLength: def.minLength, maxLength: def.maxLength });
  }
  if (value.length > def.maxLength) {
    return err('BARCODE_BAD_LENGTH', `AI (${def.ai}) ${def.title}: value is too long (${value.length} characters, allows ${describeLength(def)})`, { ...where, position: valueStart + def.maxLength, length: value.length, minLength: def.minLength, maxLength: def.maxLength });
  }

  const components: string[] = [];
  let p = 0;
  for (const comp of def.components) {
    const len = Math.min(comp.max, value.length - p);
    if (comp.optional && len === 0) continue;
    if (len < comp.min) {
      return err('BARCODE_BAD_LENGTH', `AI (${def.ai}) ${def.title}: value has the wrong length (${value.length} characters, needs ${describeLength(def)})`, { ...where, position: valueStart + p, length: value.length });
    }
    const part = value.slice(p, p + len);
    const badAt = firstInvalidChar(part, comp.charset);
    if (badAt >= 0) {
      const ch = part[badAt]!;
      return err('BARCODE_BAD_CHARACTER', `AI (${def.ai}) ${def.title}: character ${describeChar(ch)} at position ${valueStart + p + badAt} is not allowed (${charsetTitle(comp.charset)})`, { ...where, position: valueStart + p + badAt, character: ch, charset: comp.charset });
    }
    for (const linter of comp.linters) {
      const failure = runLinter(linter, part, ctx);
      if (failure) {
        return err(failure.code, `AI (${def.ai}) ${def.title}: ${failure.message} ("${part}")`, { ...where, position: valueStart + p + failure.offset, check: linter });
      }
    }
    components.push(part);
    p += len;
  }
  return ok(interpret(def, value, components, aiPosition, ctx));
}

function describeLength(def: AiDefinition): string {
  return def.minLength === def.maxLength ? `exactly ${def.maxLength}` : `${def.minLength} to ${def.maxLength}`;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code < 32 || code === 127 ? `0x${code.toString(16).padStart(2, '0').toUpperCase()}` : `"${ch}"`;
}

/** Inserts the implied decimal point: ("000123", 3) → "0.123"; ("001500", 2) → "15.00". */
export function impliedDecimal(digits: string, decimals: number): string {
  const padded = digits.padStart(decimals + 1, '0');
  const intPart = padded.slice(0, padded.length - decimals).replace(/^0+(?=\d)/, '');
  return decimals === 0 ? intPart : `${intPart}.${padded.slice(padded.length - decimals)}`;
}

function interpret(def: AiDefinition, value: string, components: string[], position: number, ctx: LintContext): Gs1Element {
  // Assigned field by field (no object spreads): this runs for every element of every scan.
  const el: { -readonly [K in keyof Gs1Element]: Gs1Element[K] } = {
    ai: def.ai,
    title: def.title,
    value,
    position,
    components,
    fnc1Required: !def.predefinedLength,
  };

  // Dates: the first component checked by a date linter carries the calendar day.
  const dc = dateComponentOf(def);
  const part = dc ? components[dc.index] : undefined;
  if (dc && part !== undefined) {
    const r = resolveGs1Date(part, { referenceYear: ctx.referenceYear, allowDayZero: dc.kind === 'yymmd0', fourDigitYear: dc.kind === 'yyyymmdd' });
    if (typeof r !== 'string') {
      // (a string result is unreachable: the linter already accepted the date)
      el.date = r.iso;
      if (r.dayWasZero) el.dayZero = true;
      const time = timeOfDay(def, dc.index, components.slice(dc.index + 1));
      if (time) el.dateTime = `${r.iso}T${time}`;
    }
  }

  if (def.impliedDecimals !== undefined) {
    const n = def.impliedDecimals;
    if (def.ai.startsWith('39')) {
      const family = def.ai.slice(0, 3);
      if (family === '391' || family === '393') el.amount = { value: impliedDecimal(components[1]!, n), decimals: n, currency: components[0]! };
      else el.amount = { value: impliedDecimal(value, n), decimals: n };
    } else {
      el.measure = measureOf(def, value, n);
    }
  }
  return el;
}

type DateKind = 'yymmd0' | 'yymmdd' | 'yyyymmdd';
const DATE_COMPONENT = new WeakMap<AiDefinition, { index: number; kind: DateKind } | null>();

function dateComponentOf(def: AiDefinition): { index: number; kind: DateKind } | null {
  let dc = DATE_COMPONENT.get(def);
  if (dc === undefined) {
    const index = def.components.findIndex((c) => c.linters.some((l) => l === 'yymmd0' || l === 'yymmdd' || l === 'yyyymmdd'));
    const kind = index < 0 ? undefined : (def.components[index]!.linters.find((l) => l === 'yymmd0' || l === 'yymmdd' || l === 'yyyymmdd') as DateKind);
    dc = kind === undefined ? null : { index, kind };
    DATE_COMPONENT.set(def, dc);
  }
  return dc;
}

const MEASURE_TITLES = new Map<string, { unit: string; quantity: string }>();

function measureOf(def: AiDefinition, value: string, decimals: number): Gs1Measure {
  let t = MEASURE_TITLES.get(def.title);
  if (!t) {
    const m = /^(.*?)\s*\(([^)]+)\)(.*)$/.exec(def.title);
    // the only unit-less title in 31nn-36nn is "KG PER m²"
    t = m ? { unit: m[2]!, quantity: `${m[1]}${m[3]}` } : { unit: 'kg/m²', quantity: def.title };
    MEASURE_TITLES.set(def.title, t);
  }
  return { value: impliedDecimal(value, decimals), unit: t.unit, quantity: t.quantity, decimals };
}

// Components after a date that are a time of day: hhmi (HHMM) or hh [mi] [ss] (AI 8008).
function timeOfDay(def: AiDefinition, dateIndex: number, rest: string[]): string | undefined {
  const linters = def.components.slice(dateIndex + 1, dateIndex + 1 + rest.length).map((c) => c.linters[0]);
  if (rest.length === 0) return undefined;
  if (linters[0] === 'hhmi') return `${rest[0]!.slice(0, 2)}:${rest[0]!.slice(2, 4)}`;
  if (linters[0] === 'hh') return [rest[0]!, rest[1] ?? '00', ...(rest[2] !== undefined ? [rest[2]] : [])].map((x) => pad2(Number(x))).join(':');
  return undefined;
}
