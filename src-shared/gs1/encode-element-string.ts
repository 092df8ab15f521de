/**
 * Builds GS1 element strings from (AI, value) pairs, validating each value with the same rules
 * the parser applies, so that a label we print is a label we would accept when scanned.
 * FNC1 goes after every element whose length is not predefined, except the last (GenSpecs
 * §7.8.5); predefined-length AIs are not moved to the front, the caller's order is kept.
 */
import { err, ok, type Result } from '../result.ts';
import { lookupAi } from './ai-table.ts';
import { validateAiValue } from './ai-value.ts';
import { GS } from './element-string.ts';
import { currentUtcYear } from './parse-options.ts';

export interface AiValue {
  readonly ai: string;
  readonly value: string;
}

export interface EncodedElementString {
  /** Bracketed human-readable form, "(" inside values escaped as "\(". */
  readonly hri: string;
  /** Scan data with GS (ASCII 29) as FNC1 and no symbology identifier. */
  readonly raw: string;
  /** AI+value per element with a flag saying whether an FNC1 must follow it (for printer encodings). */
  readonly parts: readonly { readonly text: string; readonly fnc1After: boolean }[];
}

export function encodeElementString(
  elements: readonly AiValue[],
  opts: { referenceYear?: number } = {},
): Result<EncodedElementString> {
  if (elements.length === 0) return err('BARCODE_EMPTY', 'nothing to encode: no elements');
  const ctx = { referenceYear: opts.referenceYear ?? currentUtcYear() };
  const parts: { text: string; fnc1After: boolean }[] = [];
  let hri = '';
  for (const [i, e] of elements.entries()) {
    const def = lookupAi(e.ai);
    if (!def) return err('BARCODE_UNKNOWN_AI', `unknown application identifier (${e.ai})`, { ai: e.ai, index: i });
    const checked = validateAiValue(def, e.value, 0, 0, ctx);
    if (!checked.ok) return err(checked.error.code, checked.error.message, { ...checked.error.details, index: i });
    hri += `(${e.ai})${e.value.replaceAll('(', '\\(')}`;
    parts.push({ text: e.ai + e.value, fnc1After: !def.predefinedLength && i < elements.length - 1 });
  }
  const raw = parts.map((p) => p.text + (p.fnc1After ? GS : '')).join('');
  return ok({ hri, raw, parts });
}
