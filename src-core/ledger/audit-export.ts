/**
 * The audit trail as a person reads and files it (issue 11 item 2; 21 CFR 11.10(e), Annex 11
 * §9 and §8.1; COMPLIANCE A11-16, P11-03, A11-14, D25-01): each entry in words in the reader's
 * language — who (printed name and user name), when (local time with the offset), what (the
 * record line every screen shows), which batch, and for corrections the old and new values
 * with the reason — never raw JSON.
 *
 * Two forms of one content: CSV (UTF-8 with BOM, spreadsheet-safe cells) and PDF. The PDF
 * prints on every page "page n of m" and the SHA-256 of the CSV export of the same rows, so a
 * printed page can be matched to the electronic copy with any sha256 tool.
 */
import { createHash } from 'node:crypto';
import type { AuditRecord } from './audit-view.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { recordLocale, renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { fill, printText } from '../../src-shared/record/record-print-text.ts';
import { valueText } from '../../src-shared/record/value-text.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import { createPdf } from '../report/pdf-document.ts';
import type { ReportFont } from '../report/pdf-font.ts';

/** One audit row in words. */
export interface AuditPrintRow {
  /** Where it is kept: "ST-DEMO-01 #41" (station entry) or "hub #12" (hub audit row). */
  ref: string;
  /** Local time with its offset, as the reader's language writes it. */
  time: string;
  /** The recorded UTC time, for machines. */
  utc: string;
  who: string;
  what: string;
  batch: string;
  /** Corrections: field old → new (reason); other entries: nothing more to say. */
  change: string;
}

/** Station ledger entries (audit-view.ts) in words. */
export function stationAuditRows(records: readonly AuditRecord[], locale: string): AuditPrintRow[] {
  const l = recordLocale(locale);
  const t = printText(l);
  return records.map((r) => {
    const at = (iso: string) => formatAtOffset(iso, r.tzOffset, l);
    const c = r.correction;
    return {
      ref: `${r.stationId} #${r.seq}`,
      time: at(r.time),
      utc: r.time,
      who: r.actor ? `${r.actor.printedName ?? r.actor.userId} (${r.actor.username ?? r.actor.userId})` : '—',
      what: renderRecordLine(describeEntry(r.type, r.payload), l, at),
      batch: r.batchRef ?? '',
      change: c ? `${c.changes.map((x) => `${x.path}: ${t.oldValue} ${valueText(x.oldValue)} → ${t.newValue} ${valueText(x.newValue)}`).join('; ')}; ${t.reason}: ${c.reason}` : '',
    };
  });
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a cell as a formula. */
function cell(v: string): string {
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(rows: readonly AuditPrintRow[], locale: string): string {
  const t = printText(locale);
  const header = [t.entry, t.time, 'UTC', t.by, t.what, t.batch, t.changeHistory].map(cell).join(',');
  const lines = rows.map((r) => [r.ref, r.time, r.utc, r.who, r.what, r.batch, r.change].map(cell).join(','));
  return '\ufeff' + [header, ...lines].join('\r\n') + '\r\n';
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface AuditPrintContext {
  locale: string;
  font: ReportFont;
  title: string;
  /** The filter in words ("batch B2026-0042"), printed on the first page. */
  filter: string;
  printedBy: string;
  printedAt: Date;
  printedAtOffset: string;
  softwareVersion: string;
}

/** The PDF and the hash it carries (the SHA-256 of `auditCsv` of the same rows and language). */
export async function auditPdf(rows: readonly AuditPrintRow[], c: AuditPrintContext): Promise<{ pdf: Buffer; contentHash: string }> {
  const t = printText(c.locale);
  const contentHash = sha256Hex(auditCsv(rows, c.locale));
  const printedAt = formatAtOffset(c.printedAt.toISOString(), c.printedAtOffset, recordLocale(c.locale));
  const pdf = await createPdf({ font: c.font, landscape: true, title: `${t.auditTrail} — ${c.title}`, subject: `${t.contentHash} ${contentHash}`, creator: `Batchline ${c.softwareVersion}`, creationDate: c.printedAt });
  pdf.doc.fontSize(16).text(pdf.txt(`${t.auditTrail} — ${c.title}`));
  if (!c.font.path) pdf.paragraph(fill(t.fontMissing, { lookedFor: c.font.lookedFor }), { color: '#a00' });
  pdf.doc.moveDown(0.3);
  pdf.paragraph(`${t.filter}: ${c.filter} — ${fill(t.entries, { count: rows.length })}`);
  for (const [k, v] of [
    [t.contentHash, contentHash],
    [t.printedBy, c.printedBy],
    [t.printedAt, printedAt],
  ] as const)
    pdf.paragraph(`${k}: ${v}`);
  pdf.doc.moveDown(0.5);
  const w = pdf.width;
  const cols = [82, 96, 100, w - 478, 60, 140] as const;
  pdf.row(cols, [t.entry, t.time, t.by, t.what, t.batch, t.changeHistory], { fill: '#ddd' });
  for (const r of rows) pdf.row(cols, [r.ref, r.time, r.who, r.what, r.batch, r.change], { fill: r.change ? '#fdecc8' : null });
  const buf = await pdf.finish((n, m) => `${t.auditTrail} — ${c.title} · ${fill(t.page, { n, m })} · ${t.printedBy} ${c.printedBy}, ${printedAt} · ${t.contentHash} ${contentHash}`);
  return { pdf: buf, contentHash };
}
