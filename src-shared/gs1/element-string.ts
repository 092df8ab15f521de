/**
 * Splits GS1 element strings into AIs and values, in both forms a station meets:
 *  - raw scan data: AIs concatenated, a variable-length value ended by FNC1, which scanners
 *    transmit as GS (ASCII 29) (GenSpecs §7.8.4-§7.8.5; predefined-length AIs need no separator);
 *  - the bracketed human-readable form "(01)...(10)..." (GenSpecs §4.15 HRI), where a literal
 *    "(" inside a value is written "\(" (the GS1 Barcode Syntax Engine convention).
 * Both run in one pass with no backtracking, so the time is linear in the input length.
 */
import { err, ok, type Result } from '../result.ts';
import { aiLengthForPrefix, lookupAi, lookupAiAt, type AiDefinition } from './ai-table.ts';
import { validateAiValue } from './ai-value.ts';
import type { LintContext } from './linters.ts';
import type { Gs1Element } from './types.ts';

export const GS = '\x1D';

export interface ElementStringContext extends LintContext {
  /** Characters that stand for FNC1 in raw data (GS always; a wedge scanner may map it to another). */
  readonly separators: ReadonlySet<string>;
  /** Internal: set while testing where a missing separator might be, to keep that test linear. */
  readonly noSeparatorHeuristic?: boolean;
}

function unknownAi(data: string, pos: number): Result<never> {
  const prefix = data.slice(pos, pos + 2);
  if (/^\d$/.test(prefix)) {
    // One digit left where an AI (2 to 4 digits) must start: the data was cut short.
    return err('BARCODE_UNKNOWN_AI', `an application identifier is cut short at position ${pos}: only "${prefix}" is left`, { ai: prefix, position: pos });
  }
  if (!/^\d\d$/.test(prefix)) {
    const shown = data.slice(pos, pos + 4);
    return err('BARCODE_UNKNOWN_AI', `expected an application identifier (digits) at position ${pos}, found "${printable(shown)}"`, { position: pos });
  }
  const ai = data.slice(pos, pos + (aiLengthForPrefix(prefix) ?? 2));
  return err('BARCODE_UNKNOWN_AI', `unknown application identifier (${ai}) at position ${pos}`, { ai, position: pos });
}

function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `<0x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}>`);
}

/** Parses raw element-string data from `start` to the end of `data`. */
export function parseRawElementString(data: string, start: number, ctx: ElementStringContext): Result<Gs1Element[]> {
  const elements: Gs1Element[] = [];
  let pos = start;
  while (pos < data.length) {
    if (ctx.separators.has(data[pos]!)) {
      // Tolerated: FNC1 in first position sent as GS, after a predefined-length AI, or trailing.
      pos++;
      continue;
    }
    const def = lookupAiAt(data, pos);
    if (!def) return unknownAi(data, pos);
    const valueStart = pos + def.ai.length;
    let end: number;
    if (def.predefinedLength) {
      end = valueStart + def.maxLength;
      const sep = findSeparator(data, valueStart, Math.min(end, data.length), ctx.separators);
      if (sep >= 0 || end > data.length) {
        const got = (sep >= 0 ? sep : data.length) - valueStart;
        return err('BARCODE_BAD_LENGTH', `AI (${def.ai}) ${def.title}: value is too short (${got} characters, needs exactly ${def.maxLength})`, { ai: def.ai, position: valueStart + got, length: got, minLength: def.minLength, maxLength: def.maxLength });
      }
    } else {
      const sep = findSeparator(data, valueStart, data.length, ctx.separators);
      end = sep >= 0 ? sep : data.length;
      if (end - valueStart > def.maxLength) {
        const missing = missingSeparatorAt(data, def, pos, valueStart, end, ctx);
        if (missing !== undefined) {
          return err('BARCODE_MISSING_SEPARATOR', `AI (${def.ai}) ${def.title}: value runs past its maximum of ${def.maxLength} characters; an FNC1/GS separator is missing before the AI at position ${missing}`, { ai: def.ai, position: missing, maxLength: def.maxLength });
        }
      }
    }
    const el = validateAiValue(def, data.slice(valueStart, end), pos, valueStart, ctx);
    if (!el.ok) return el;
    elements.push(el.value);
    pos = end;
  }
  return ok(elements);
}

function findSeparator(data: string, from: number, to: number, separators: ReadonlySet<string>): number {
  for (let i = from; i < to; i++) if (separators.has(data[i]!)) return i;
  return -1;
}

/**
 * A too-long variable value usually means the separator before the next AI was dropped (a wedge
 * scanner that cannot type GS). We say so only when the data proves it: cut at some point within
 * the allowed length, this AI's value is valid and everything after it parses as a complete
 * element string. Otherwise it is simply too long. The inner parse runs without this heuristic,
 * so the cost stays bounded (at most maxLength re-parses of the remainder).
 */
function missingSeparatorAt(data: string, def: AiDefinition, aiPos: number, valueStart: number, end: number, ctx: ElementStringContext): number | undefined {
  if (ctx.noSeparatorHeuristic) return undefined;
  const inner = { ...ctx, noSeparatorHeuristic: true };
  const last = Math.min(end - 2, valueStart + def.maxLength);
  for (let i = valueStart + Math.max(def.minLength, 1); i <= last; i++) {
    if (!lookupAiAt(data, i)) continue;
    if (!validateAiValue(def, data.slice(valueStart, i), aiPos, valueStart, ctx).ok) continue;
    if (parseRawElementString(data, i, inner).ok) return i;
  }
  return undefined;
}

/** Is there an "(AI)" opening at `i`: "(" + 2 to 4 digits + ")"? */
function aiOpensAt(data: string, i: number): number {
  if (data[i] !== '(') return -1;
  let j = i + 1;
  while (j < data.length && j - i <= 5 && data.charCodeAt(j) >= 48 && data.charCodeAt(j) <= 57) j++;
  const digits = j - i - 1;
  return digits >= 2 && digits <= 4 && data[j] === ')' ? j : -1;
}

/** Parses the bracketed form "(AI)value(AI)value..." from `start` to the end of `data`. */
export function parseBracketedElementString(data: string, start: number, ctx: LintContext): Result<Gs1Element[]> {
  const elements: Gs1Element[] = [];
  let pos = start;
  if (pos >= data.length) return err('BARCODE_EMPTY', 'no element string after the symbology identifier', { position: pos });
  while (pos < data.length) {
    const close = aiOpensAt(data, pos);
    if (close < 0) {
      if (data[pos] === '(') {
        const c = data.indexOf(')', pos);
        const inner = c < 0 ? data.slice(pos + 1, pos + 6) : data.slice(pos + 1, c);
        return err('BARCODE_BAD_SYNTAX', `"(${printable(inner)}${c < 0 ? '' : ')'}" at position ${pos} is not an application identifier in brackets (2 to 4 digits)`, { position: pos });
      }
      return err('BARCODE_BAD_SYNTAX', `expected "(" to open an application identifier at position ${pos}`, { position: pos });
    }
    const ai = data.slice(pos + 1, close);
    const def = lookupAi(ai);
    if (!def) return err('BARCODE_UNKNOWN_AI', `unknown application identifier (${ai}) at position ${pos + 1}`, { ai, position: pos + 1 });
    const valueStart = close + 1;
    let value = '';
    let i = valueStart;
    while (i < data.length) {
      if (data[i] === '\\' && data[i + 1] === '(') {
        value += '(';
        i += 2;
        continue;
      }
      if (aiOpensAt(data, i) >= 0) break;
      value += data[i];
      i++;
    }
    const el = validateAiValue(def, value, pos + 1, valueStart, ctx);
    if (!el.ok) return el;
    elements.push(el.value);
    pos = i;
  }
  return ok(elements);
}
