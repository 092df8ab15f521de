/**
 * The schema of what ERP out emits: a SUBSET of MESA B2MML V0600 "ProductionPerformance", checked
 * in code because the official XSDs cannot be fetched on the build machines and no xmllint is
 * installed there (docs/it-guide.md, "ERP out"). Every element below has the name, the place in
 * its parent's sequence and the cardinality it has in the V0600 schema (ProductionPerformanceType,
 * ProductionResponseType, SegmentResponseType, MaterialActualType, QuantityValueType); elements of
 * those types that ERP out never writes are not allowed here, so a document that passes is also
 * valid against the official schema, not the other way round. Text is held tighter than B2MML's
 * string types: identifiers non-empty without control characters, times xs:dateTime with a zone,
 * QuantityString an unsigned decimal without exponent (never a float), UnitOfMeasure mg | g | kg,
 * MaterialUse Consumed | Produced, the states Completed. A DOCTYPE is refused.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { B2MML_NAMESPACE } from './b2mml-performance.ts';

type TextType = 'identifier' | 'dateTime' | 'decimal' | 'unit' | 'materialUse' | 'state' | 'description';
type Particle = { name: string; min: number; max: number };
type ElementDef = { text: TextType } | { sequence: Particle[] };

const one = (name: string): Particle => ({ name, min: 1, max: 1 });
const optional = (name: string): Particle => ({ name, min: 0, max: 1 });
const many = (name: string, min = 0): Particle => ({ name, min, max: Infinity });

/** Element → its content model, keyed by the parent-qualified name where names repeat with different content. */
const SCHEMA: Record<string, ElementDef> = {
  ProductionPerformance: { sequence: [one('ID'), many('Description'), optional('PublishedDate'), many('ProductionResponse', 1)] },
  'ProductionPerformance/ID': { text: 'identifier' },
  'ProductionPerformance/Description': { text: 'description' },
  'ProductionPerformance/PublishedDate': { text: 'dateTime' },
  ProductionResponse: { sequence: [one('ID'), optional('ProductionRequestID'), many('ProductProductionRuleID'), many('Version'), optional('StartTime'), optional('EndTime'), many('SegmentResponse'), optional('ResponseState')] },
  'ProductionResponse/ID': { text: 'identifier' },
  'ProductionResponse/ProductionRequestID': { text: 'identifier' },
  'ProductionResponse/ProductProductionRuleID': { text: 'identifier' },
  'ProductionResponse/Version': { text: 'identifier' },
  'ProductionResponse/StartTime': { text: 'dateTime' },
  'ProductionResponse/EndTime': { text: 'dateTime' },
  'ProductionResponse/ResponseState': { text: 'state' },
  SegmentResponse: { sequence: [one('ID'), optional('ActualStartTime'), optional('ActualEndTime'), many('MaterialActual', 1), optional('SegmentState')] },
  'SegmentResponse/ID': { text: 'identifier' },
  'SegmentResponse/ActualStartTime': { text: 'dateTime' },
  'SegmentResponse/ActualEndTime': { text: 'dateTime' },
  'SegmentResponse/SegmentState': { text: 'state' },
  MaterialActual: { sequence: [one('MaterialDefinitionID'), one('MaterialLotID'), one('MaterialUse'), one('Quantity')] },
  'MaterialActual/MaterialDefinitionID': { text: 'identifier' },
  'MaterialActual/MaterialLotID': { text: 'identifier' },
  'MaterialActual/MaterialUse': { text: 'materialUse' },
  Quantity: { sequence: [one('QuantityString'), one('UnitOfMeasure')] },
  'Quantity/QuantityString': { text: 'decimal' },
  'Quantity/UnitOfMeasure': { text: 'unit' },
};

const TEXT: Record<TextType, (s: string) => boolean> = {
  identifier: (s) => s.length > 0 && s.length <= 200 && !/[\u0000-\u001f\u007f]/.test(s),
  description: (s) => s.length <= 500,
  dateTime: (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  decimal: (s) => /^\d{1,24}(\.\d{1,12})?$/.test(s),
  unit: (s) => s === 'mg' || s === 'g' || s === 'kg',
  materialUse: (s) => s === 'Consumed' || s === 'Produced',
  state: (s) => s === 'Completed',
};

type Parsed = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: true, ignoreDeclaration: true, commentPropName: '#comment' });

/** The problems of a document against the subset; empty when it is valid. At most 20 are listed. */
export function validateProductionPerformance(xml: string, expect: { messageId?: string; materialUse?: 'Consumed' | 'Produced' } = {}): string[] {
  if (/<!DOCTYPE/i.test(xml)) return ['a DOCTYPE is not allowed'];
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`not well-formed XML at line ${wellFormed.err.line}, column ${wellFormed.err.col}: ${wellFormed.err.msg}`];
  const top = (parser.parse(xml) as Parsed[]).filter((n) => !('#comment' in n));
  const problems: string[] = [];
  if (top.length !== 1 || elementName(top[0]!) !== 'ProductionPerformance') return ['the document element must be one ProductionPerformance'];
  const root = top[0]!;
  const ns = (root[':@'] as Record<string, string> | undefined)?.['@_xmlns'];
  if (ns !== B2MML_NAMESPACE) problems.push(`ProductionPerformance must be in the namespace ${B2MML_NAMESPACE} (found ${ns ?? 'none'})`);
  check(root, 'ProductionPerformance', '', problems);
  if (expect.messageId !== undefined) {
    const id = childText(root, 'ID');
    if (id !== expect.messageId) problems.push(`ProductionPerformance/ID must be the message id ${expect.messageId} (found ${id ?? 'none'})`);
  }
  if (expect.materialUse) for (const use of collect(root, 'MaterialUse')) if (use !== expect.materialUse) problems.push(`MaterialUse must be ${expect.materialUse} in this message (found ${use})`);
  return problems.slice(0, 20);
}

function elementName(n: Parsed): string {
  return Object.keys(n).find((k) => k !== ':@')!;
}

function childrenOf(n: Parsed): Parsed[] {
  return ((n[elementName(n)] as Parsed[] | undefined) ?? []).filter((c) => !('#comment' in c));
}

function childText(n: Parsed, name: string): string | undefined {
  const c = childrenOf(n).find((x) => elementName(x) === name);
  return c ? textOf(c) : undefined;
}

function textOf(n: Parsed): string {
  return childrenOf(n)
    .filter((c) => '#text' in c)
    .map((c) => String(c['#text']))
    .join('');
}

function collect(n: Parsed, name: string): string[] {
  const out: string[] = [];
  for (const c of childrenOf(n)) {
    if ('#text' in c) continue;
    if (elementName(c) === name) out.push(textOf(c));
    out.push(...collect(c, name));
  }
  return out;
}

function check(n: Parsed, name: string, parentPath: string, problems: string[]): void {
  const path = parentPath ? `${parentPath}/${name}` : name;
  const parentName = parentPath.split('/').at(-1) ?? '';
  const def = SCHEMA[`${parentName}/${name}`] ?? SCHEMA[name];
  if (!def) {
    problems.push(`${path}: element not allowed here`);
    return;
  }
  const attrs = Object.keys((n[':@'] as Record<string, string> | undefined) ?? {}).filter((a) => !(name === 'ProductionPerformance' && a === '@_xmlns'));
  if (attrs.length > 0) problems.push(`${path}: attributes not allowed (${attrs.map((a) => a.slice(2)).join(', ')})`);
  const kids = childrenOf(n);
  if ('text' in def) {
    if (kids.some((k) => !('#text' in k))) problems.push(`${path}: must hold text only`);
    const text = textOf(n);
    if (!TEXT[def.text](text)) problems.push(`${path}: "${text.slice(0, 60)}" is not a valid ${def.text}`);
    return;
  }
  if (kids.some((k) => '#text' in k && String(k['#text']).trim() !== '')) problems.push(`${path}: text is not allowed here`);
  const elements = kids.filter((k) => !('#text' in k));
  let i = 0;
  for (const p of def.sequence) {
    let count = 0;
    while (i < elements.length && count < p.max && elementName(elements[i]!) === p.name) {
      check(elements[i]!, p.name, path, problems);
      i++;
      count++;
    }
    if (count < p.min) problems.push(`${path}: ${p.name} is missing${i < elements.length ? ` (found ${elementName(elements[i]!)} in its place)` : ''}`);
  }
  for (; i < elements.length; i++) problems.push(`${path}: ${elementName(elements[i]!)} not allowed here (out of order, repeated or unknown)`);
}
