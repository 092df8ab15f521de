/**
 * Turns a scan into what the engine's scan-container command takes: a GS1 label gives the
 * container serial (AI 21), GTIN (AI 01), lot (AI 10) and the dates it carries (AI 17 expiry,
 * AI 15 best before, AI 11 production), which the engine cross-checks with master data; a
 * plant label without AIs is taken as the container id itself. A scan that is neither is
 * refused here with the parser's typed reason, and a barcode the parser recognises that is not
 * a container label (a sales-pack drug traceability code, a pallet's SSCC, a bare product
 * GTIN, a GS1 label without a serial) is named as what it is (SCAN_NOT_CONTAINER_LABEL with
 * its `kind`), so the operator knows which label to scan instead.
 */
import type { ContainerScan } from '../../src-shared/orders/engine-command.ts';
import { parseBarcode } from '../../src-shared/gs1/parse-barcode.ts';
import type { ParsedBarcode } from '../../src-shared/gs1/types.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$/;

/** What each kind of non-container barcode is, in the station's own (English) detail text. */
const NOT_A_CONTAINER: Record<string, string> = {
  'cn-drug-trace': 'a sales-pack drug traceability code (药品追溯码), not a container label',
  sscc: 'a logistic unit (pallet or case) label with an SSCC, not a container label',
  gtin: 'a product barcode (GTIN only), not a container label',
  gs1: 'a GS1 label without a container serial (AI 21)',
};

export function containerScanOf(data: string): Result<ContainerScan> {
  const raw = data.slice(0, 500);
  if (PLAIN_ID.test(data) && !/^\d+$/.test(data)) return ok({ containerId: data, gtin: null, lotNumber: null, raw });
  const parsed = parseBarcode(data);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (!p.serial) return notAContainer(p);
  return ok({
    containerId: p.serial,
    gtin: p.gtin && p.gtin.length === 14 ? p.gtin : null,
    lotNumber: p.lot ?? null,
    raw,
    ...(p.expiry ? { expiryDate: p.expiry } : {}),
    ...(p.bestBefore ? { bestBeforeDate: p.bestBefore } : {}),
    ...(p.productionDate ? { productionDate: p.productionDate } : {}),
  });
}

function notAContainer(p: ParsedBarcode): Result<never> {
  const what = NOT_A_CONTAINER[p.kind] ?? `a ${p.kind} barcode, not a container label`;
  return err('SCAN_NOT_CONTAINER_LABEL', `the scan is ${what}: scan the container label`, {
    kind: p.kind,
    hri: p.hri ?? null,
    ...(p.cnDrugTrace ? { productCode: p.cnDrugTrace.productCode } : {}),
  });
}
