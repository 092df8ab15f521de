/**
 * The packet's record/record.pdf (issue 15 items 1 and 2): the one batch-record PDF renderer
 * (src-core/record/batch-record-pdf.ts) bound to who writes the packet, in which language and
 * at what time, so that station, hub and CLI packets carry the same PDF a person prints.
 */
import type { Clock } from '../clock.ts';
import type { BatchRecord } from '../../src-shared/orders/batch-record.ts';
import { batchRecordPdf } from '../record/batch-record-pdf.ts';
import type { ReportFont } from '../report/pdf-font.ts';
import type { RecordPdfRenderer } from './build-packet.ts';

export interface RecordPdfOptions {
  locale: 'en' | 'zh-CN';
  font: ReportFont;
  clock: Clock;
  softwareVersion: string;
  /** Printed on every page as "printed by": the person or program writing the packet. */
  printedBy: string;
}

export function recordPdfRenderer(o: RecordPdfOptions): RecordPdfRenderer {
  return async (record) => {
    const at = o.clock.now();
    return batchRecordPdf(record as BatchRecord, {
      locale: o.locale,
      font: o.font,
      printedBy: o.printedBy,
      printedAt: at,
      printedAtOffset: o.clock.tzOffset(at),
      softwareVersion: o.softwareVersion,
    });
  };
}
