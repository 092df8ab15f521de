/**
 * A goods receipt from the ERP as B2MML (MESA B2MML, ISA-95 Part 2 "material information": the
 * lots and sublots received), bare or inside a Process/Sync verb's DataArea. Mapping:
 *   MaterialInformation/ID                                  -> receiptId
 *   MaterialLot/ID                                          -> lotId
 *   MaterialLot/MaterialDefinitionID                        -> material (one per receipt)
 *   MaterialLot/Property ID LotNumber | ExpiryDate | RetestDate | SupplierID | SupplierStatus
 *                                                           -> lotNumber, expiryDate, retestDate,
 *                                                              supplier code and status (one per receipt)
 *   MaterialLot/MaterialSubLot/ID                           -> containerId
 *   MaterialSubLot/Quantity/QuantityString + UnitOfMeasure  -> quantity (mg, g, kg)
 *   MaterialSubLot/Property ID Tare (+ UnitOfMeasure)       -> tare (default 0 in the quantity's unit)
 * Property values are read from Value/ValueString. Parsed with fast-xml-parser after its
 * validator, as the order import does (src-main/core/orders/order-file-b2mml.ts); a DOCTYPE is
 * refused (no entity expansion). The result is checked by GoodsReceiptSchema like an entered receipt.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { GoodsReceiptSchema, type GoodsReceipt } from '../../../src-shared/quality/iqc-contract.ts';

type Node = Record<string, unknown>;

const ARRAYS = new Set(['MaterialLot', 'MaterialSubLot', 'Property', 'Quantity', 'Value', 'MaterialInformation']);

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, processEntities: false, isArray: (name) => ARRAYS.has(name) });

export function parseB2mmlReceipt(text: string): Result<GoodsReceipt> {
  if (/<!DOCTYPE/i.test(text)) return err('IQC_RECEIPT_INVALID', 'XML with a DOCTYPE is not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) return err('IQC_RECEIPT_INVALID', `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, { line: valid.err.line, col: valid.err.col });
  const info = findInformation(parser.parse(text) as Node);
  if (!info) return err('IQC_RECEIPT_INVALID', 'no B2MML MaterialInformation element found');
  const lots = (info.MaterialLot as Node[] | undefined) ?? [];
  if (lots.length === 0) return err('IQC_RECEIPT_INVALID', 'the MaterialInformation contains no MaterialLot');
  const prop = (n: Node, id: string): string | undefined => {
    const p = ((n.Property as Node[] | undefined) ?? []).find((x) => str(x.ID) === id);
    const v = (p?.Value as Node[] | undefined)?.[0];
    return v ? str(v.ValueString) : undefined;
  };
  const one = (values: (string | undefined)[]): string | undefined => {
    const set = new Set(values);
    return set.size === 1 ? values[0] : undefined;
  };
  const material = one(lots.map((l) => str(l.MaterialDefinitionID)));
  const supplier = one(lots.map((l) => prop(l, 'SupplierID')));
  const status = one(lots.map((l) => prop(l, 'SupplierStatus')));
  if (!material) return err('IQC_RECEIPT_INVALID', 'the lots of one receipt name one MaterialDefinitionID');
  if (!supplier) return err('IQC_RECEIPT_INVALID', 'the lots of one receipt name one SupplierID property');
  const candidate = {
    receiptId: str(info.ID),
    material,
    supplier: { code: supplier, status: status ?? 'new' },
    reason: 'ERP goods receipt (B2MML)',
    lots: lots.map((l) => ({
      lotId: str(l.ID),
      lotNumber: prop(l, 'LotNumber') ?? str(l.ID),
      expiryDate: prop(l, 'ExpiryDate'),
      retestDate: prop(l, 'RetestDate') ?? null,
      containers: ((l.MaterialSubLot as Node[] | undefined) ?? []).map((s) => {
        const q = (s.Quantity as Node[] | undefined)?.[0] ?? {};
        const unit = str(q.UnitOfMeasure);
        const tare = ((s.Property as Node[] | undefined) ?? []).find((x) => str(x.ID) === 'Tare');
        const tareValue = (tare?.Value as Node[] | undefined)?.[0];
        return {
          containerId: str(s.ID),
          quantity: { amount: str(q.QuantityString), unit },
          tare: { amount: tareValue ? str(tareValue.ValueString) : '0', unit: tareValue?.UnitOfMeasure ? str(tareValue.UnitOfMeasure) : unit },
        };
      }),
    })),
  };
  const parsed = GoodsReceiptSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return err('IQC_RECEIPT_INVALID', `the B2MML receipt does not make a valid goods receipt: ${problems.join('; ')}`, { problems });
  }
  return ok(parsed.data);
}

function findInformation(doc: Node): Node | undefined {
  const direct = (doc.MaterialInformation as Node[] | undefined)?.[0];
  if (direct) return direct;
  for (const [name, value] of Object.entries(doc)) {
    if (!/^(Process|Sync)MaterialInformation$/.test(name) || typeof value !== 'object' || value === null) continue;
    const dataArea = (value as Node).DataArea as Node | undefined;
    const inner = (dataArea?.MaterialInformation as Node[] | undefined)?.[0];
    if (inner) return inner;
  }
  return undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
