/**
 * The one entry point for "what did the operator just scan?". Pure: no I/O, no clock unless the
 * caller leaves out the reference year; usable in the renderer and in main.
 *
 * Decision order (the symbology identifier, when the scanner sends one, settles the question):
 *   ]C1 ]d2 ]Q3 ]e0 ]J1 ... -> GS1 element string (raw or bracketed)
 *   ]E0 ]E4 ]I1             -> bare GTIN
 *   no identifier / non-GS1 symbology:
 *     1. a configured internal container pattern
 *     2. "http://" or "https://" -> GS1 Digital Link URI (a QR code's usual content); a web
 *        address that is no valid Digital Link is refused, never read as something else
 *     3. "(" -> bracketed GS1 element string
 *     4. 20 digits -> China drug traceability code (unless it starts with "00" and is a valid
 *        SSCC element string, or is another complete GS1 string not starting with "8")
 *     5. 8/12/13/14 digits with a valid check digit -> GTIN
 *     6. raw GS1 element string (not for GTIN-length digits that only read as AIs 90-99:
 *        those are refused as a GTIN with a bad check digit)
 *   anything else is refused with the most specific error we found.
 */
import { err, ok, type Result } from '../result.ts';
import { lookupAi } from './ai-table.ts';
import { validateAiValue } from './ai-value.ts';
import { checkAssociations } from './associations.ts';
import { isWebAddress, parseDigitalLink } from './digital-link.ts';
import { hasValidCheckDigit, toGtin14 } from './check-digit.ts';
import { matchCnDrugTrace } from './cn-drug-trace.ts';
import { GS, parseBracketedElementString, parseRawElementString, type ElementStringContext } from './element-string.ts';
import { compilePattern, matchInternalContainer, type CompiledPattern } from './internal-container.ts';
import { currentUtcYear, type ParseBarcodeOptions } from './parse-options.ts';
import { splitSymbologyId, type Symbology } from './symbology.ts';
import type { BarcodeWarning, Gs1Element, ParsedBarcode } from './types.ts';

export type { ParseBarcodeOptions } from './parse-options.ts';

const DEFAULT_MAX_LENGTH = 4096;
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

export function parseBarcode(data: string, options: ParseBarcodeOptions = {}): Result<ParsedBarcode> {
  if (data.length === 0) return err('BARCODE_EMPTY', 'the scan is empty');
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (data.length > maxLength) {
    return err('BARCODE_TOO_LONG', `the scan is ${data.length} characters long; at most ${maxLength} are accepted`, { length: data.length, maxLength });
  }
  const split = splitSymbologyId(data);
  if (!split.ok) return split;
  const { symbology, dataStart } = split.value;
  if (dataStart >= data.length) return err('BARCODE_EMPTY', `only a symbology identifier (${symbology?.id}) was scanned`, { position: dataStart });

  const ctx = buildContext(options);
  if (!ctx.ok) return ctx;
  const patterns: CompiledPattern[] = [];
  for (const p of options.internalPatterns ?? []) {
    const c = compilePattern(p);
    if (!c.ok) return c;
    patterns.push(c.value);
  }
  const base = { raw: data, ...(symbology ? { symbology } : {}) };

  switch (symbology?.content) {
    case 'element-string':
      return finishGs1(parseGs1(data, dataStart, ctx.value), base, options, []);
    case 'gtin':
      return parseBareGtin(data, dataStart, symbology, base, ctx.value);
    case 'plain':
    case undefined:
      return parsePlain(data, dataStart, symbology, base, options, ctx.value, patterns);
  }
}

function buildContext(options: ParseBarcodeOptions): Result<ElementStringContext> {
  const separators = new Set([GS]);
  for (const alias of options.separatorAliases ?? []) {
    if ([...alias].length !== 1 || /[0-9A-Za-z]/.test(alias)) {
      return err('INPUT_INVALID', `separator alias "${alias}" must be one character that is not a letter or digit`);
    }
    separators.add(alias);
  }
  return ok({ referenceYear: options.referenceYear ?? currentUtcYear(), separators });
}

function parseGs1(data: string, start: number, ctx: ElementStringContext): Result<Gs1Element[]> {
  return data[start] === '(' ? parseBracketedElementString(data, start, ctx) : parseRawElementString(data, start, ctx);
}

type Base = { raw: string; symbology?: Symbology };

function parsePlain(
  data: string,
  start: number,
  symbology: Symbology | undefined,
  base: Base,
  options: ParseBarcodeOptions,
  ctx: ElementStringContext,
  patterns: readonly CompiledPattern[],
): Result<ParsedBarcode> {
  const body = start === 0 ? data : data.slice(start);
  const internal = matchInternalContainer(body, patterns);
  if (internal) return ok({ ...base, kind: 'internal-container', elements: [], internal, warnings: [] });

  if (isWebAddress(data, start)) {
    const link = parseDigitalLink(data, start, ctx);
    if (!link.ok) return link;
    const parsed = finishGs1(ok(link.value.elements), base, options, []);
    return parsed.ok ? ok({ ...parsed.value, digitalLink: { stem: link.value.stem } }) : parsed;
  }
  const warnings: BarcodeWarning[] = symbology
    ? [{ code: 'BARCODE_BAD_SYMBOLOGY', message: `${symbology.name} (${symbology.id}) does not announce GS1 data; read as GS1 anyway` }]
    : [];
  if (body[0] === '(') return finishGs1(parseBracketedElementString(data, start, ctx), base, options, warnings);

  const allDigits = /^\d+$/.test(body);
  if (allDigits && body.length === 20 && options.cnDrugTrace !== false) {
    const cn = matchCnDrugTrace(body)!;
    if (body[0] !== '8') {
      const gs1 = finishGs1(parseRawElementString(data, start, ctx), base, options, warnings);
      if (gs1.ok) return gs1;
    }
    return ok({ ...base, kind: 'cn-drug-trace', elements: [], cnDrugTrace: cn, warnings: [] });
  }
  if (allDigits && GTIN_LENGTHS.has(body.length) && hasValidCheckDigit(body)) {
    return gtinResult(body, start, base, ctx, []);
  }
  const gs1 = parseRawElementString(data, start, ctx);
  // A GTIN-length run of digits that only reads as company-internal AIs (90-99) is a GTIN with a
  // wrong check digit far more often than an internal element string.
  const gtinLike = allDigits && GTIN_LENGTHS.has(body.length);
  if (gs1.ok && !(gtinLike && gs1.value.every((e) => e.ai.startsWith('9')))) return finishGs1(gs1, base, options, warnings);
  if (gtinLike) {
    return err('BARCODE_BAD_CHECK_DIGIT', `${body.length} digits read as a GTIN-${body.length}, but the check digit does not match (GS1 mod-10)`, { position: data.length - 1, gtin: body });
  }
  if (gs1.ok || !/^\d/.test(body)) {
    return err('BARCODE_UNRECOGNISED', 'not a GS1 barcode, a drug traceability code or a configured container label', { position: start });
  }
  return gs1;
}

function parseBareGtin(data: string, start: number, symbology: Symbology, base: Base, ctx: ElementStringContext): Result<ParsedBarcode> {
  const body = data.slice(start);
  const expected = symbology.gtinDigits!;
  if (!/^\d+$/.test(body) || body.length !== expected) {
    return err('BARCODE_BAD_SYMBOLOGY', `${symbology.name} (${symbology.id}) carries exactly ${expected} digits; got "${body.slice(0, 40)}"`, { position: start });
  }
  if (!hasValidCheckDigit(body)) {
    return err('BARCODE_BAD_CHECK_DIGIT', `GTIN-${expected} check digit does not match (GS1 mod-10)`, { position: data.length - 1, gtin: body });
  }
  return gtinResult(body, start, base, ctx, []);
}

function gtinResult(digits: string, start: number, base: Base, ctx: ElementStringContext, warnings: BarcodeWarning[]): Result<ParsedBarcode> {
  const gtin = toGtin14(digits);
  const el = validateAiValue(lookupAi('01')!, gtin, start, start, ctx);
  if (!el.ok) return el;
  return ok({ ...base, kind: 'gtin', elements: [el.value], hri: `(01)${gtin}`, gtin, warnings });
}

function finishGs1(parsed: Result<Gs1Element[]>, base: Base, options: ParseBarcodeOptions, warnings: BarcodeWarning[]): Result<ParsedBarcode> {
  if (!parsed.ok) return parsed;
  const elements = parsed.value;
  if (elements.length === 0) return err('BARCODE_EMPTY', 'the scan holds only separators', { position: 0 });

  const seen = new Map<string, string>();
  for (const e of elements) {
    const prior = seen.get(e.ai);
    if (prior !== undefined && prior !== e.value) {
      return err('BARCODE_DUPLICATE_AI', `AI (${e.ai}) ${e.title} appears twice with different values ("${prior}", "${e.value}")`, { ai: e.ai, position: e.position });
    }
    seen.set(e.ai, e.value);
  }
  const associations = checkAssociations(elements);
  if (options.strictAssociations && associations.length > 0) {
    const first = associations[0]!;
    return err('BARCODE_AI_ASSOCIATION', first.message, { ai: first.ai, violations: associations.map((a) => a.message) });
  }

  // Built by assignment rather than object spreads: this runs for every scan (see the bench).
  const out: { -readonly [K in keyof ParsedBarcode]: ParsedBarcode[K] } = {
    kind: seen.has('00') ? 'sscc' : 'gs1',
    raw: base.raw,
    elements,
    hri: '',
    warnings: warnings.length === 0 && associations.length === 0 ? [] : [...warnings, ...associations],
  };
  if (base.symbology) out.symbology = base.symbology;
  let hri = '';
  for (const e of elements) {
    hri += '(' + e.ai + ')' + (e.value.includes('(') ? e.value.replaceAll('(', '\\(') : e.value);
    switch (e.ai) {
      case '01': out.gtin = e.value; break;
      case '00': out.sscc = e.value; break;
      case '10': out.lot = e.value; break;
      case '21': out.serial = e.value; break;
      case '17': out.expiry = e.date; break;
      case '7003': if (!seen.has('17')) out.expiry = e.date; break;
      case '15': out.bestBefore = e.date; break;
      case '11': out.productionDate = e.date; break;
      case '30': out.count = e.value; break;
      case '37': if (!seen.has('30')) out.count = e.value; break;
    }
    if (out.netContent === undefined && e.measure?.quantity.startsWith('NET')) out.netContent = e.measure;
  }
  out.hri = hri;
  return ok(out);
}
