/**
 * Printed copies at the station (issue 15 item 1, issue 11 item 2): the batch record as PDF
 * and the audit trail as PDF or CSV, rendered by the same code as the CLI and the hub
 * (src-core/record/batch-record-pdf.ts, src-core/ledger/audit-export.ts). An audit copy is
 * recorded as `audit.exported` with its format, language and content hash (D25-01).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { printContract } from '../../src-shared/api/print.contract.ts';
import { err, ok } from '../../src-shared/result.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { batchRecordPdf } from '../../src-core/record/batch-record-pdf.ts';
import { auditCsv, auditPdf, sha256Hex, stationAuditRows } from '../../src-core/ledger/audit-export.ts';
import { auditView } from '../../src-core/ledger/audit-view.ts';
import { pickReportFont } from '../../src-core/report/pdf-font.ts';
import { printText } from '../../src-shared/record/record-print-text.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import type { ApiDeps } from './api-deps.ts';
import { caller, type Handlers } from './handler-map.ts';
import { auditFilterOf } from './audit.api.ts';

export function printApi({ station }: ApiDeps): Handlers<typeof printContract> {
  const font = () => pickReportFont(process.env.BATCHLINE_CJK_FONT, existsSync, readFileSync);
  const who = (u: { printedName: string; username: string }) => `${u.printedName} (${u.username})`;
  return {
    'record.pdf': async ({ batchNumber, lang }, ctx) => {
      const entries = station.ledger.query({ batchRef: batchNumber, limit: Number.MAX_SAFE_INTEGER });
      if (entries.length === 0) return err('ORDER_UNKNOWN', `no batch ${batchNumber}`);
      const record = buildBatchRecord(batchNumber, entries, { user: (id) => station.users.byId(id) });
      const now = station.clock.now();
      const pdf = await batchRecordPdf(record, { locale: lang, font: font(), printedBy: who(caller(ctx)), printedAt: now, printedAtOffset: station.clock.tzOffset(now), softwareVersion: SOFTWARE_VERSION });
      return ok({ fileName: `batch-record-${batchNumber}-${lang}.pdf`, base64: pdf.toString('base64'), recordHash: record.recordHash });
    },
    'audit.exportFile': async (q, ctx) => {
      const { format, lang, ...query } = q;
      const filter = auditFilterOf(station, query);
      const rows = stationAuditRows(auditView(station.ledger, filter), lang);
      const now = station.clock.now();
      const t = printText(lang);
      const title = query.batchRef ?? station.stationId;
      let body: Buffer;
      let contentHash: string;
      if (format === 'pdf') {
        const described = [query.batchRef ? `${t.batch} ${query.batchRef}` : null, query.username ? `${t.by} ${query.username}` : null, query.typePrefix ? `${t.type} ${query.typePrefix}*` : null, query.fromTime || query.toTime ? `${t.time} ${query.fromTime ?? '…'} – ${query.toTime ?? '…'}` : null].filter((x) => x !== null).join('; ') || '—';
        const made = await auditPdf(rows, { locale: lang, font: font(), title, filter: described, printedBy: who(caller(ctx)), printedAt: now, printedAtOffset: station.clock.tzOffset(now), softwareVersion: SOFTWARE_VERSION });
        body = made.pdf;
        contentHash = made.contentHash;
      } else {
        const csv = auditCsv(rows, lang);
        body = Buffer.from(csv, 'utf8');
        contentHash = sha256Hex(csv);
      }
      const appended = station.ledger.append([{ type: 'audit.exported', actor: caller(ctx).userId, payload: { filter: { ...filter }, entryCount: rows.length, format, contentHash, lang } }]);
      if (!appended.ok) return appended;
      const seq = appended.value[0]!.seq;
      return ok({ exportedSeq: seq, entryCount: rows.length, fileName: `audit-${title}-${seq}-${lang}.${format}`, contentType: format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8', base64: body.toString('base64'), contentHash });
    },
  };
}
