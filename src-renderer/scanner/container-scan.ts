/**
 * Turns a scan into what the engine's scan-container command takes: a GS1 label gives the
 * container serial (AI 21), GTIN (AI 01) and lot (AI 10), which the engine cross-checks with
 * master data; a plant label without AIs is taken as the container id itself. A scan that is
 * neither is refused here with the parser's typed reason.
 */
import type { ContainerScan } from '../../src-shared/orders/engine-command.ts';
import { parseBarcode } from '../../src-shared/gs1/parse-barcode.ts';
import { err, ok, type Result } from '../../src-shared/result.ts';

const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,63}$/;

export function containerScanOf(data: string): Result<ContainerScan> {
  const raw = data.slice(0, 500);
  if (PLAIN_ID.test(data) && !/^\d+$/.test(data)) return ok({ containerId: data, gtin: null, lotNumber: null, raw });
  const parsed = parseBarcode(data);
  if (!parsed.ok) return parsed;
  const p = parsed.value;
  if (!p.serial) return err('BARCODE_UNRECOGNISED', 'the label names no container (GS1 AI 21 is missing)', { hri: p.hri ?? null });
  return ok({ containerId: p.serial, gtin: p.gtin && p.gtin.length === 14 ? p.gtin : null, lotNumber: p.lot ?? null, raw });
}
