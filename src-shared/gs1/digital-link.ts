/**
 * GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax, 1.1/1.2), the data of GS1
 * Digital Link QR codes: `http(s)://<domain>[/<stem>…]/<key AI>/<key>[/<qualifier AI>/<value>…]
 * [?<AI>=<value>&…][#fragment]`.
 *
 * What the standard defines and this parser holds to:
 * - any domain, and any path stem before the primary key: the key is found by walking the
 *   path backwards in "/AI/value" pairs to the rightmost pair whose AI is a primary key, so a
 *   stem that happens to look like an AI pair ("/00/faux/") is still stem;
 * - key qualifiers follow the key in the path, a subset in the defined order only (GTIN:
 *   22, 10, 21, or 235; ITIP: 22, 10, 21; GLN: 254 or 7040; ...);
 * - data attributes are query parameters named by their numeric AI; a numeric name that is no
 *   AI is refused, other parameters (utm_source=…, singletons) are ignored; an attribute that
 *   belongs in the path as a qualifier, or repeats an AI, is refused;
 * - values are percent-decoded (path: "+" is "+"; query: "+" is a blank), then checked like any
 *   element string value (length, character set, check digit); a GTIN-8/12/13 in the path is
 *   widened to 14 digits (allowed by 1.1, kept by 1.2's parsers as the legacy form);
 * - the scheme is http or https in one case (as the GS1 Barcode Syntax Engine reads it), and
 *   the convenience alphas of 1.0/1.1 ("/gtin/", "/lot/", "/ser/" …) name their AIs.
 * Anything else is BARCODE_BAD_DIGITAL_LINK (or the element-level code) with the position in
 * the scanned data.
 */
import { err, ok, type Result } from '../result.ts';
import { lookupAi, type AiDefinition } from './ai-table.ts';
import { validateAiValue } from './ai-value.ts';
import type { LintContext } from './linters.ts';
import type { Gs1Element } from './types.ts';

/** Primary keys and the qualifier sequences each allows, in path order. */
const KEY_QUALIFIERS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  '00': [],
  '01': [['22', '10', '21'], ['235']],
  '253': [],
  '255': [],
  '401': [],
  '402': [],
  '414': [['254'], ['7040']],
  '417': [['7040']],
  '8003': [],
  '8004': [['7040']],
  '8006': [['22', '10', '21']],
  '8010': [['8011']],
  '8013': [],
  '8017': [['8019']],
  '8018': [['8019']],
};

/** The deprecated short names of DL 1.0/1.1 ("/gtin/…"). */
const CONVENIENCE_ALPHAS: Readonly<Record<string, string>> = {
  cpid: '8010', cpsn: '8011', cpv: '22', gcn: '255', gdti: '253', giai: '8004', ginc: '401', gln: '414', glnx: '254',
  gmn: '8013', grai: '8003', gsin: '402', gsrn: '8018', gsrnp: '8017', gtin: '01', itip: '8006', lot: '10', party: '417',
  refno: '8020', ser: '21', srin: '8019', sscc: '00',
};

const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_DOMAIN_CHARS = /[_~?#@!$&'()*+,;=%]/;
const SCHEME = /^(https?:\/\/|HTTPS?:\/\/)/;

export interface DigitalLink {
  readonly elements: Gs1Element[];
  /** Scheme, domain and path stem before the primary key, e.g. "https://example.com/products". */
  readonly stem: string;
}

/** Does the data present itself as a web address (and so must be a valid Digital Link)? */
export function isWebAddress(data: string, start: number): boolean {
  return /^https?:\/\//i.test(data.slice(start, start + 8));
}

function bad(message: string, position: number, extra: Record<string, unknown> = {}): Result<never> {
  return err('BARCODE_BAD_DIGITAL_LINK', `GS1 Digital Link: ${message}`, { position, ...extra });
}

export function parseDigitalLink(data: string, start: number, ctx: LintContext): Result<DigitalLink> {
  const uri = data.slice(start);
  if (!URI_CHARS.test(uri)) {
    const i = [...uri].findIndex((c) => !URI_CHARS.test(c));
    return bad(`character ${JSON.stringify(uri[i])} at position ${start + i} cannot appear in a URI (it must be percent-encoded)`, start + i);
  }
  const scheme = SCHEME.exec(uri);
  if (!scheme) return bad('the scheme must be http:// or https:// (in one case)', start);
  const domainStart = scheme[1]!.length;
  const slash = uri.indexOf('/', domainStart);
  const hostEnd = [slash, uri.indexOf('?', domainStart), uri.indexOf('#', domainStart)].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), uri.length);
  const domain = uri.slice(domainStart, hostEnd);
  if (domain === '') return bad('the domain is missing', start + domainStart);
  const badDomain = BAD_DOMAIN_CHARS.exec(domain);
  if (badDomain) return bad(`character "${badDomain[0]}" cannot appear in the domain`, start + domainStart + badDomain.index);
  if (slash < 0 || slash !== hostEnd) return bad('no path after the domain, so no GS1 key', start + hostEnd);

  const fragmentAt = uri.indexOf('#', slash);
  const beforeFragment = fragmentAt < 0 ? uri : uri.slice(0, fragmentAt);
  const queryAt = beforeFragment.indexOf('?');
  const pathEnd = queryAt < 0 ? beforeFragment.length : queryAt;

  const path = parsePath(uri, slash, pathEnd, start, ctx);
  if (!path.ok) return path;
  const query = queryAt < 0 ? ok<Gs1Element[]>([]) : parseQuery(beforeFragment, queryAt + 1, start, ctx);
  if (!query.ok) return query;
  const attrs = checkAttributes(path.value.elements, query.value);
  if (!attrs.ok) return attrs;
  return ok({ elements: [...path.value.elements, ...query.value], stem: uri.slice(0, path.value.keyAt) });
}

interface Segment {
  readonly text: string;
  /** Offset of the segment's first character in the URI. */
  readonly at: number;
}

function aiOfSegment(text: string): AiDefinition | undefined {
  if (/^\d{2,4}$/.test(text)) return lookupAi(text);
  const alias = CONVENIENCE_ALPHAS[text];
  return alias === undefined ? undefined : lookupAi(alias);
}

function parsePath(uri: string, from: number, to: number, base: number, ctx: LintContext): Result<{ elements: Gs1Element[]; keyAt: number }> {
  const segments: Segment[] = [];
  let at = from + 1;
  for (const text of uri.slice(from + 1, to).split('/')) {
    segments.push({ text, at });
    at += text.length + 1;
  }
  // The rightmost "/AI/value" pair whose AI is a primary key starts the Digital Link part.
  let keyIndex = -1;
  for (let i = segments.length - 2; i >= 0; i -= 2) {
    const def = aiOfSegment(segments[i]!.text);
    if (!def) break;
    if (def.ai in KEY_QUALIFIERS) {
      keyIndex = i;
      break;
    }
  }
  if (keyIndex < 0) {
    const last = segments.at(-1)!;
    const hint = last.text === '' && segments.length > 1 ? ' (the path ends in "/")' : '';
    return bad(`no GS1 primary key ("/01/<GTIN>", "/00/<SSCC>", ...) at the end of the path${hint}`, base + last.at);
  }
  const elements: Gs1Element[] = [];
  for (let i = keyIndex; i < segments.length; i += 2) {
    const aiSeg = segments[i]!;
    const valueSeg = segments[i + 1]!;
    const def = aiOfSegment(aiSeg.text)!;
    const el = elementOf(def, valueSeg.text, base + aiSeg.at, base + valueSeg.at, false, ctx);
    if (!el.ok) return el;
    elements.push(el.value);
  }
  const order = checkQualifierOrder(elements);
  if (!order.ok) return order;
  return ok({ elements, keyAt: segments[keyIndex]!.at - 1 });
}

function elementOf(def: AiDefinition, encoded: string, aiAt: number, valueAt: number, query: boolean, ctx: LintContext): Result<Gs1Element> {
  if (encoded === '') return bad(`AI (${def.ai}) has an empty value`, valueAt, { ai: def.ai });
  const decoded = percentDecode(encoded, query);
  if (!decoded.ok) return bad(`AI (${def.ai}): ${decoded.error}`, valueAt + decoded.at, { ai: def.ai });
  let value = decoded.value;
  // GTIN-8/12/13 written without their leading zeros (DL 1.1 allows it) are the same GTIN-14.
  if (def.ai === '01' && /^\d+$/.test(value) && [8, 12, 13].includes(value.length)) value = value.padStart(14, '0');
  return validateAiValue(def, value, aiAt, valueAt, ctx);
}

/** RFC 3986 percent-decoding; a "%" not followed by two hex digits, or an encoded NUL, is malformed. */
function percentDecode(text: string, query: boolean): { ok: true; value: string } | { ok: false; error: string; at: number } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, error: `"%${hex}" is not a percent-encoding (two hex digits)`, at: i };
      const code = parseInt(hex, 16);
      if (code === 0) return { ok: false, error: 'an encoded NUL (%00) is not allowed', at: i };
      out += String.fromCharCode(code);
      i += 2;
    } else out += query && c === '+' ? ' ' : c;
  }
  return { ok: true, value: out };
}

/** Qualifiers must be a subset, in order, of one of the key's defined sequences. */
function checkQualifierOrder(elements: readonly Gs1Element[]): Result<void> {
  const key = elements[0]!;
  const qualifiers = elements.slice(1).map((e) => e.ai);
  const allowed = KEY_QUALIFIERS[key.ai] ?? [];
  if (qualifiers.length === 0 || allowed.some((seq) => isOrderedSubset(qualifiers, seq))) return ok(undefined);
  const offender = elements.slice(1).find((_e, i) => !allowed.some((seq) => isOrderedSubset(qualifiers.slice(0, i + 1), seq))) ?? elements[1]!;
  const rule = allowed.length === 0 ? `(${key.ai}) takes no key qualifiers` : `the key qualifiers of (${key.ai}) are ${allowed.map((s) => s.join(', ')).join(' or ')}, in that order`;
  return bad(`AI (${offender.ai}) is out of place in the path: ${rule}`, offender.position, { ai: offender.ai });
}

function isOrderedSubset(items: readonly string[], sequence: readonly string[]): boolean {
  let j = 0;
  for (const item of items) {
    while (j < sequence.length && sequence[j] !== item) j++;
    if (j === sequence.length) return false;
    j++;
  }
  return true;
}

function parseQuery(uri: string, from: number, base: number, ctx: LintContext): Result<Gs1Element[]> {
  const elements: Gs1Element[] = [];
  let at = from;
  for (const param of uri.slice(from).split('&')) {
    const paramAt = at;
    at += param.length + 1;
    const eq = param.indexOf('=');
    // Singletons and parameters not named by digits are not GS1 data: the standard ignores them.
    if (eq < 0) continue;
    const name = param.slice(0, eq);
    if (!/^\d+$/.test(name)) continue;
    const def = lookupAi(name);
    if (!def) return err('BARCODE_UNKNOWN_AI', `unknown application identifier (${name}) in the query at position ${base + paramAt}`, { ai: name, position: base + paramAt });
    const el = elementOf(def, param.slice(eq + 1), base + paramAt, base + paramAt + eq + 1, true, ctx);
    if (!el.ok) return el;
    elements.push(el.value);
  }
  return ok(elements);
}

/** Data attributes repeat no AI, and none of them is a qualifier that belongs in the path. */
function checkAttributes(path: readonly Gs1Element[], query: readonly Gs1Element[]): Result<void> {
  const seen = new Set(path.map((e) => e.ai));
  const key = path[0]!.ai;
  const pathQualifiers = path.slice(1).map((e) => e.ai);
  for (const e of query) {
    if (seen.has(e.ai)) return err('BARCODE_DUPLICATE_AI', `AI (${e.ai}) appears twice in the GS1 Digital Link`, { ai: e.ai, position: e.position });
    seen.add(e.ai);
    const belongsInPath = (KEY_QUALIFIERS[key] ?? []).some((seq) => seq.includes(e.ai) && isOrderedSubset(sortBy([...pathQualifiers, e.ai], seq), seq));
    if (belongsInPath) return bad(`AI (${e.ai}) qualifies the key (${key}) and belongs in the path, not the query`, e.position, { ai: e.ai });
  }
  return ok(undefined);
}

function sortBy(items: string[], sequence: readonly string[]): string[] {
  return items.sort((a, b) => sequence.indexOf(a) - sequence.indexOf(b));
}
