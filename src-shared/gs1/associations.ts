/**
 * AI pairing rules (GenSpecs §4.13 "Mandatory association of element strings" and §4.14
 * "Invalid pairs of element strings"): e.g. a lot (10) only means something with a GTIN (01),
 * and a GTIN (01) must not appear with a CONTENT GTIN (02). GS1 says the rules apply to all the
 * carriers on one physical item together, so one symbol alone may legitimately miss a partner;
 * the parser therefore reports them as warnings unless the caller asks for strictness.
 */
import { aiMatchesPattern, lookupAi } from './ai-table.ts';
import type { BarcodeWarning, Gs1Element } from './types.ts';

// Scans of one plant repeat a handful of AI combinations; the rules depend on nothing else.
const cache = new Map<string, readonly BarcodeWarning[]>();

export function checkAssociations(elements: readonly Gs1Element[]): readonly BarcodeWarning[] {
  let key = '';
  for (const e of elements) key += e.ai + ',';
  const known = cache.get(key);
  if (known) return known;
  const warnings = computeAssociations([...new Set(elements.map((e) => e.ai))]);
  if (cache.size >= 1024) cache.clear();
  cache.set(key, warnings);
  return warnings;
}

function computeAssociations(present: readonly string[]): readonly BarcodeWarning[] {
  const has = (pattern: string) => present.some((ai) => aiMatchesPattern(ai, pattern));
  const warnings: BarcodeWarning[] = [];
  for (const ai of present) {
    const def = lookupAi(ai);
    if (!def) continue;
    for (const clause of def.requires) {
      if (!clause.some((alternative) => alternative.every(has))) {
        const wanted = clause.map((alt) => alt.map((p) => `(${p})`).join('+')).join(' or ');
        warnings.push({ code: 'BARCODE_AI_ASSOCIATION', ai, message: `AI (${ai}) ${def.title} requires ${wanted} on the same item` });
      }
    }
    for (const pattern of def.excludes) {
      const clash = present.find((other) => other !== ai && aiMatchesPattern(other, pattern));
      if (clash) warnings.push({ code: 'BARCODE_AI_ASSOCIATION', ai, message: `AI (${ai}) ${def.title} must not appear together with AI (${clash})` });
    }
  }
  return warnings;
}
