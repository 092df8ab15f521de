/**
 * The IQ/OQ report as a PDF, on the shared PDF layer (src-core/report/pdf-document.ts): the
 * same content as the HTML, A4 landscape, every page footed with "page n of m", the report's
 * SHA-256 and its verdict, so a single printed page can still be matched to the signed ledger
 * entry (COMPLIANCE A11-14).
 */
import { writeFileSync } from 'node:fs';
import type { QualificationReport } from './qualification-report.ts';
import type { Phase } from './qualification-check.ts';
import { checkHeaders, outcomeWord, reportText, titleOf, verdictWord, type ReportLanguage } from './report-text.ts';
import type { ReportFont } from './report-font.ts';
import { createPdf } from '../../src-core/report/pdf-document.ts';

const COLUMNS = [52, 150, 210, 280, 60] as const;

export async function writeReportPdf(r: QualificationReport, lang: ReportLanguage, font: ReportFont, file: string): Promise<void> {
  // Without a CJK font a Chinese frame would print as "???": fall back to English, and say so.
  const t = reportText(font.path ? lang : 'en');
  const pdf = await createPdf({ font, landscape: true, title: t.title, subject: `SHA-256 ${r.reportSha256}`, creator: `Batchline ${r.softwareVersion}` });
  const { doc } = pdf;

  doc.fontSize(16).text(pdf.txt(t.title));
  if (!font.path) pdf.paragraph(`${t.fontMissing(font.lookedFor)}${lang === 'en' ? '' : ` The ${lang} report needs a CJK font: this PDF is in English.`}`, { color: '#a00' });
  doc.moveDown(0.5);
  pdf.paragraph(`${t.verdict}: ${verdictWord(t, r.verdict)}`, { size: 13, color: r.verdict === 'qualified' ? '#060' : '#a00' });
  doc.moveDown(0.5);
  const facts: [string, string][] = [
    [t.station, r.station.stationId ?? '?'],
    [t.database, r.station.database],
    [t.host, r.host],
    [t.software, r.softwareVersion],
    [t.ranAt, r.ranAt],
    [t.hub, r.hubUrl ?? t.noHub],
    [t.reportHash, r.reportSha256],
  ];
  for (const [k, v] of facts) pdf.paragraph(`${k}: ${v}`);

  const section = (phase: Phase, heading: string) => {
    pdf.heading(heading);
    pdf.row(COLUMNS, checkHeaders(t), { fill: '#ddd' });
    for (const c of r.checks.filter((x) => x.phase === phase)) {
      pdf.row(COLUMNS, [c.id, titleOf(t, c.id, c.title), c.expected, c.observed, outcomeWord(t, c.outcome)], { fill: c.outcome === 'fail' ? '#f9d6d5' : c.outcome === 'pass' ? '#e6f4e6' : '#f3f3f3' });
    }
  };
  section('IQ', t.iq);
  section('OQ', t.oq);

  pdf.heading(t.signature);
  if (r.signature) {
    const s = r.signature;
    pdf.paragraph(`${t.signedBy}: ${s.printedName} (${s.username})`, { size: 10 });
    pdf.paragraph(`${t.meaning}: ${s.meaning}`, { size: 10 });
    pdf.paragraph(`${t.signedAt}: ${s.signedAt} (${s.tzOffset})`, { size: 10 });
    pdf.paragraph(`${t.ledgerEntries}: ${s.entrySeq}, ${s.signatureSeq}`, { size: 10 });
  } else {
    pdf.paragraph(`${t.unsigned}: ${r.unsignedReason ?? ''}`, { size: 10, color: '#a00' });
  }
  const verdict = verdictWord(t, r.verdict);
  writeFileSync(file, await pdf.finish((n, m) => `${t.page(n, m)} · ${t.reportHash} ${r.reportSha256} · ${verdict}`));
}
