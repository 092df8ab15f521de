/**
 * The B2MML documents ERP out builds, and the subset validator that decides whether one may be
 * queued (FR-80): names and order of the V0600 elements, exact decimal strings, and a refusal
 * for each way a document can be wrong.
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { buildDocument, B2MML_NAMESPACE } from './b2mml-performance.ts';
import { validateProductionPerformance } from './b2mml-subset.ts';
import type { OrderActuals } from './order-actuals.ts';

const actuals: OrderActuals = {
  batchNumber: 'B-2026-0042',
  erpOrderId: 'PO-4711 & <co>',
  productCode: 'PARA-500',
  recipeCode: 'R-PARA',
  recipeVersion: 3,
  batchSize: { amount: '80', unit: 'kg' },
  startedAt: '2026-12-05T08:00:00.000Z',
  completedAt: '2026-12-05T09:30:00.000Z',
  lines: [
    { lineId: 'L1', materialCode: 'API-PARA', lots: [{ lotId: 'LOT-A', quantity: { amount: '50.020', unit: 'kg' }, weighings: [7] }] },
    {
      lineId: 'L2',
      materialCode: 'EXC-MCC',
      lots: [
        { lotId: 'LOT-B', quantity: { amount: '12.0005', unit: 'kg' }, weighings: [12, 15] },
        { lotId: 'LOT-C', quantity: { amount: '18.050', unit: 'kg' }, weighings: [20] },
      ],
    },
  ],
};
const header = { messageId: 'BL-0f6c1a52-1111-4222-8333-944455556666', publishedAt: '2026-12-05T09:31:00.000Z' };
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => ['SegmentResponse', 'MaterialActual'].includes(n) });

describe('B2MML production performance out', () => {
  it('FR-80 consumption: one SegmentResponse per material line, one MaterialActual per lot, MaterialUse Consumed, quantities as the exact decimal strings weighed', () => {
    const xml = buildDocument('consumption', actuals, header);
    expect(validateProductionPerformance(xml, { messageId: header.messageId, materialUse: 'Consumed' })).toEqual([]);
    const doc = parser.parse(xml) as { ProductionPerformance: Record<string, any> };
    const pp = doc.ProductionPerformance;
    expect(pp['@_xmlns']).toBe(B2MML_NAMESPACE);
    expect(pp.ID).toBe(header.messageId);
    const resp = pp.ProductionResponse;
    expect([resp.ID, resp.ProductionRequestID, resp.ProductProductionRuleID, resp.Version, resp.EndTime, resp.ResponseState]).toEqual(['B-2026-0042', 'PO-4711 & <co>', 'R-PARA', '3', '2026-12-05T09:30:00.000Z', 'Completed']);
    expect(xml).toContain('<ProductionRequestID>PO-4711 &amp; &lt;co&gt;</ProductionRequestID>');
    const rows = (resp.SegmentResponse as any[]).flatMap((s) => (s.MaterialActual as any[]).map((m) => [s.ID, m.MaterialDefinitionID, m.MaterialLotID, m.MaterialUse, m.Quantity.QuantityString, m.Quantity.UnitOfMeasure]));
    expect(rows).toEqual([
      ['L1', 'API-PARA', 'LOT-A', 'Consumed', '50.020', 'kg'],
      ['L2', 'EXC-MCC', 'LOT-B', 'Consumed', '12.0005', 'kg'],
      ['L2', 'EXC-MCC', 'LOT-C', 'Consumed', '18.050', 'kg'],
    ]);
    // element order of MaterialActualType and QuantityValueType in V0600
    const m = xml.slice(xml.indexOf('<MaterialActual>'), xml.indexOf('</MaterialActual>'));
    const at = ['MaterialDefinitionID', 'MaterialLotID', 'MaterialUse', 'Quantity', 'QuantityString', 'UnitOfMeasure'].map((n) => m.indexOf(`<${n}>`));
    expect(at.every((p, i) => p >= 0 && (i === 0 || p > at[i - 1]!))).toBe(true);
  });

  it('FR-80 performance: the order produced its batch (product, batch number as lot, batch size), MaterialUse Produced, start and end, Completed', () => {
    const xml = buildDocument('performance', actuals, header);
    expect(validateProductionPerformance(xml, { messageId: header.messageId, materialUse: 'Produced' })).toEqual([]);
    const seg = (parser.parse(xml) as any).ProductionPerformance.ProductionResponse.SegmentResponse[0];
    expect([seg.ID, seg.ActualStartTime, seg.ActualEndTime, seg.SegmentState]).toEqual(['DISPENSING', '2026-12-05T08:00:00.000Z', '2026-12-05T09:30:00.000Z', 'Completed']);
    expect(seg.MaterialActual[0]).toEqual({ MaterialDefinitionID: 'PARA-500', MaterialLotID: 'B-2026-0042', MaterialUse: 'Produced', Quantity: { QuantityString: '80', UnitOfMeasure: 'kg' } });
    // without an ERP order id the element is left out, not empty
    expect(buildDocument('performance', { ...actuals, erpOrderId: null }, header)).not.toContain('ProductionRequestID');
  });

  it('FR-80 the validator refuses what the subset does not allow, naming the place', () => {
    const good = buildDocument('consumption', actuals, header);
    const bad = (from: string, to: string) => validateProductionPerformance(good.replace(from, to), { messageId: header.messageId, materialUse: 'Consumed' });
    expect(bad('<QuantityString>50.020</QuantityString>', '<QuantityString>5.002e1</QuantityString>')).toEqual([expect.stringMatching(/Quantity\/QuantityString: "5\.002e1" is not a valid decimal/)]);
    expect(bad('<QuantityString>50.020</QuantityString>', '<QuantityString>-1</QuantityString>')[0]).toMatch(/not a valid decimal/);
    expect(bad('<UnitOfMeasure>kg</UnitOfMeasure>', '<UnitOfMeasure>lb</UnitOfMeasure>')[0]).toMatch(/UnitOfMeasure: "lb" is not a valid unit/);
    expect(bad('<MaterialLotID>LOT-A</MaterialLotID>', '')[0]).toMatch(/MaterialActual: MaterialLotID is missing \(found MaterialUse in its place\)/);
    expect(bad('<MaterialUse>Consumed</MaterialUse>', '<MaterialUse>Produced</MaterialUse>')).toEqual(['MaterialUse must be Consumed in this message (found Produced)']);
    expect(bad('<ResponseState>Completed</ResponseState>', '<ResponseState>Completed</ResponseState><Extra>1</Extra>')[0]).toMatch(/ProductionResponse: Extra not allowed here/);
    expect(bad('<ID>L1</ID>', '<ID></ID>')[0]).toMatch(/SegmentResponse\/ID: "" is not a valid identifier/);
    expect(bad(`<ID>${header.messageId}</ID>`, '<ID>BL-other</ID>')).toEqual([`ProductionPerformance/ID must be the message id ${header.messageId} (found BL-other)`]);
    expect(bad(B2MML_NAMESPACE, 'http://www.mesa.org/xml/B2MML')[0]).toMatch(/namespace/);
    expect(bad('<EndTime>2026-12-05T09:30:00.000Z</EndTime>', '<EndTime>yesterday</EndTime>')[0]).toMatch(/EndTime: "yesterday" is not a valid dateTime/);
    expect(bad('</ProductionPerformance>', '')[0]).toMatch(/not well-formed/);
    expect(validateProductionPerformance('<!DOCTYPE x [<!ENTITY a "b">]><ProductionPerformance/>')).toEqual(['a DOCTYPE is not allowed']);
    // a segment with no material actual is not a consumption record
    const empty = buildDocument('consumption', { ...actuals, lines: [{ lineId: 'L9', materialCode: 'X', lots: [] }] }, header);
    expect(validateProductionPerformance(empty)[0]).toMatch(/SegmentResponse: MaterialActual is missing/);
  });
});
