/**
 * The two B2MML documents ERP out sends after each order (MESA B2MML V0600, ISA-95 Part 2
 * "production performance"; element names and their order as in the V0600 schema):
 *
 *   consumption   ProductionPerformance/ProductionResponse, one SegmentResponse per material line
 *                 (ID = the line), one MaterialActual per lot the line consumed:
 *                 MaterialDefinitionID (material code), MaterialLotID (lot), MaterialUse Consumed,
 *                 Quantity/QuantityString + UnitOfMeasure (exact decimal, mg | g | kg)
 *   performance   ProductionPerformance/ProductionResponse with the order's start and end, one
 *                 SegmentResponse "DISPENSING" with MaterialActual MaterialUse Produced (product
 *                 code, the batch number as the lot, the order's batch size), state Completed
 *
 * ProductionPerformance/ID is the message id (the idempotency key also sent as a header);
 * ProductionResponse/ID is the batch number, ProductionRequestID the ERP's order id when the order
 * came with one (B2MML ProductionRequest/ID on import). Which subset of the schema this is, and
 * how it is checked, is in b2mml-subset.ts. Text is escaped, never a float: quantities are the
 * decimal strings the balances gave.
 */
import type { OrderActuals } from './order-actuals.ts';

export const B2MML_NAMESPACE = 'http://www.mesa.org/xml/B2MML-V0600';

export type ErpMessageKind = 'consumption' | 'performance';

export interface DocumentHeader {
  messageId: string;
  /** When the hub built the document (ISO 8601, UTC). */
  publishedAt: string;
}

type Node = { name: string; text?: string; children?: Node[] };

const el = (name: string, content: string | Node[]): Node => (typeof content === 'string' ? { name, text: content } : { name, children: content });
const opt = (name: string, value: string | null | undefined): Node[] => (value === null || value === undefined ? [] : [el(name, value)]);

function quantity(q: { amount: string; unit: string }): Node {
  return el('Quantity', [el('QuantityString', q.amount), el('UnitOfMeasure', q.unit)]);
}

function response(a: OrderActuals, segments: Node[]): Node {
  return el('ProductionResponse', [
    el('ID', a.batchNumber),
    ...opt('ProductionRequestID', a.erpOrderId),
    el('ProductProductionRuleID', a.recipeCode),
    el('Version', String(a.recipeVersion)),
    ...opt('StartTime', a.startedAt),
    el('EndTime', a.completedAt),
    ...segments,
    el('ResponseState', 'Completed'),
  ]);
}

export function buildDocument(kind: ErpMessageKind, a: OrderActuals, h: DocumentHeader): string {
  const segments =
    kind === 'consumption'
      ? a.lines.map((line) =>
          el('SegmentResponse', [
            el('ID', line.lineId),
            ...line.lots.map((lot) => el('MaterialActual', [el('MaterialDefinitionID', line.materialCode), el('MaterialLotID', lot.lotId), el('MaterialUse', 'Consumed'), quantity(lot.quantity)])),
          ]),
        )
      : [
          el('SegmentResponse', [
            el('ID', 'DISPENSING'),
            ...opt('ActualStartTime', a.startedAt),
            el('ActualEndTime', a.completedAt),
            el('MaterialActual', [el('MaterialDefinitionID', a.productCode), el('MaterialLotID', a.batchNumber), el('MaterialUse', 'Produced'), quantity(a.batchSize)]),
            el('SegmentState', 'Completed'),
          ]),
        ];
  const description = kind === 'consumption' ? `Material consumption of batch ${a.batchNumber}` : `Production performance of batch ${a.batchNumber}`;
  const root = el('ProductionPerformance', [el('ID', h.messageId), el('Description', description), el('PublishedDate', h.publishedAt), response(a, segments)]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0, ` xmlns="${B2MML_NAMESPACE}"`)}`;
}

function render(n: Node, depth: number, attrs = ''): string {
  const pad = '  '.repeat(depth);
  if (n.children === undefined) return `${pad}<${n.name}${attrs}>${escapeXml(n.text ?? '')}</${n.name}>\n`;
  return `${pad}<${n.name}${attrs}>\n${n.children.map((c) => render(c, depth + 1)).join('')}${pad}</${n.name}>\n`;
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
