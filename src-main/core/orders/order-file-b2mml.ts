/**
 * B2MML production schedules (MESA B2MML, ISA-95 Part 2 "production schedule"), as an ERP
 * sends them: a ProductionSchedule (bare, or inside a Process/Sync verb's DataArea) with one
 * ProductionRequest per order. Mapping:
 *   ProductionRequest/ID                          -> erpOrderId
 *   ProductionRequest/ProductProductionRuleID     -> recipeCode (the master recipe)
 *   ProductionRequest/StartTime                   -> plannedStart
 *   ProductionRequest/HierarchyScope/EquipmentID  -> boothId (optional)
 *   SegmentRequirement/MaterialProducedRequirement (or MaterialRequirement with
 *     MaterialUse "Produced"): MaterialDefinitionID -> productCode, MaterialLotID -> batchNumber,
 *     Quantity/QuantityString + UnitOfMeasure -> batchSize
 *   SegmentRequirement/SegmentParameter ID "RecipeVersion" -> recipeVersion (else the effective one)
 * Parsed with fast-xml-parser after its validator; documents with a DOCTYPE are refused (no
 * entity expansion from an outside file).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mass } from '../../../src-shared/mass.ts';
import { DispensingOrderSchema } from '../../../src-shared/orders/dispensing-order.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { problem, type OrderRequest, type ParsedOrderFile } from './order-request.ts';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['ProductionRequest', 'SegmentRequirement', 'MaterialProducedRequirement', 'MaterialRequirement', 'SegmentParameter', 'Quantity', 'ProductionSchedule']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: false,
  isArray: (name) => ARRAYS.has(name),
});

export function parseB2mmlOrders(text: string): Result<ParsedOrderFile> {
  if (/<!DOCTYPE/i.test(text)) return err('ORDER_IMPORT_INVALID', 'XML with a DOCTYPE is not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) return err('ORDER_IMPORT_INVALID', `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, { line: valid.err.line, col: valid.err.col });
  const doc = parser.parse(text) as Node;
  const schedule = findSchedule(doc);
  if (!schedule) return err('ORDER_IMPORT_INVALID', 'no B2MML ProductionSchedule element found');
  const requests = (schedule.ProductionRequest as Node[] | undefined) ?? [];
  if (requests.length === 0) return err('ORDER_IMPORT_INVALID', 'the ProductionSchedule contains no ProductionRequest');
  const orders: OrderRequest[] = [];
  const problems: string[] = [];
  requests.forEach((req, i) => {
    const r = requestToOrder(req, `ProductionRequest[${i + 1}]`);
    if (r.ok) orders.push(r.value);
    else problems.push(...r.error);
  });
  if (problems.length > 0) return err('ORDER_IMPORT_INVALID', problems.slice(0, 10).join('; '), { problems });
  return ok({ format: 'b2mml', orders });
}

function findSchedule(doc: Node): Node | undefined {
  const direct = (doc.ProductionSchedule as Node[] | undefined)?.[0];
  if (direct) return direct;
  for (const [name, value] of Object.entries(doc)) {
    if (!name.endsWith('ProductionSchedule') || typeof value !== 'object' || value === null) continue;
    const dataArea = (value as Node).DataArea as Node | undefined;
    const inner = (dataArea?.ProductionSchedule as Node[] | undefined)?.[0];
    if (inner) return inner;
  }
  return undefined;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return null;
}

function requestToOrder(req: Node, path: string): { ok: true; value: OrderRequest } | { ok: false; error: string[] } {
  const problems: string[] = [];
  const segments = (req.SegmentRequirement as Node[] | undefined) ?? [];
  const produced = segments.flatMap((s) => [
    ...((s.MaterialProducedRequirement as Node[] | undefined) ?? []),
    ...((s.MaterialRequirement as Node[] | undefined) ?? []).filter((m) => text(m.MaterialUse)?.toLowerCase() === 'produced'),
  ]);
  if (produced.length !== 1) problems.push(problem(path, `needs exactly one produced material requirement (the batch), found ${produced.length}`));
  const out = produced[0] ?? {};
  const quantity = ((out.Quantity as Node[] | undefined) ?? [])[0] ?? {};
  const amount = text(quantity.QuantityString);
  const unit = text(quantity.UnitOfMeasure);
  let batchSize = null;
  if (produced.length === 1) {
    const m = mass(amount ?? '', (unit ?? '').toLowerCase());
    if (!m.ok) problems.push(problem(`${path}/Quantity`, `${m.error.message} (QuantityString "${amount ?? ''}", UnitOfMeasure "${unit ?? ''}")`));
    else batchSize = m.value;
  }
  const versionParam = segments.flatMap((s) => (s.SegmentParameter as Node[] | undefined) ?? []).find((p) => text(p.ID)?.toLowerCase() === 'recipeversion');
  const versionText = versionParam ? text((versionParam.Value as Node | undefined)?.ValueString) ?? text(versionParam.Value) : null;
  const recipeVersion = versionText === null ? null : /^[1-9]\d{0,8}$/.test(versionText) ? Number(versionText) : NaN;
  if (Number.isNaN(recipeVersion)) problems.push(problem(`${path}/SegmentParameter[RecipeVersion]`, `"${versionText}" is not a version number`));
  const startTime = text(req.StartTime);
  const start = startTime === null ? null : Date.parse(startTime);
  if (start !== null && Number.isNaN(start)) problems.push(problem(`${path}/StartTime`, `"${startTime}" is not a date-time`));
  const candidate = {
    batchNumber: text(out.MaterialLotID),
    productCode: text(out.MaterialDefinitionID),
    recipeCode: text(req.ProductProductionRuleID),
    recipeVersion: 1,
    batchSize,
    erpOrderId: text(req.ID),
    plannedStart: start === null || Number.isNaN(start) ? null : new Date(start).toISOString(),
    boothId: text((req.HierarchyScope as Node | undefined)?.EquipmentID),
  };
  const parsed = DispensingOrderSchema.safeParse(candidate);
  if (!parsed.success && problems.length === 0) {
    const names: Record<string, string> = { batchNumber: 'MaterialLotID', productCode: 'MaterialDefinitionID', recipeCode: 'ProductProductionRuleID', erpOrderId: 'ID', boothId: 'HierarchyScope/EquipmentID' };
    for (const issue of parsed.error.issues) problems.push(problem(`${path}/${names[String(issue.path[0])] ?? issue.path.join('.')}`, candidate[issue.path[0] as keyof typeof candidate] == null ? 'missing' : issue.message));
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, error: problems };
  return { ok: true, value: { ...parsed.data, recipeVersion } };
}
