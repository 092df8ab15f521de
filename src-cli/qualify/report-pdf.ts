/**
 * The IQ/OQ report as a PDF (pdfkit): the same content as the HTML, A4 landscape, every page
 * footed with "page n of m", the report's SHA-256 and its verdict, so a single printed page
 * can still be matched to the signed ledger entry (COMPLIANCE A11-14).
 */
import { createWriteStream } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { QualificationReport } from './qualification-report.ts';
import type { Phase } from './qualification-check.ts';
import { reportText, titleOf, type ReportLanguage } from './report-text.ts';
import { latin1Only, type ReportFont } from './report-font.ts';

const MARGIN = 36;
const COLUMNS = [52, 150, 210, 280, 60] as const;

export async function writeReportPdf(r: QualificationReport, lang: ReportLanguage, font: ReportFont, file: string): Promise<void> {
  // Without a CJK font a Chinese frame would print as "???": fall back to English, and say so.
  const t = reportText(font.path ? lang : 'en');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, bufferPages: true, info: { Title: t.title, Subject: `SHA-256 ${r.reportSha256}`, Creator: `Batchline ${r.softwareVersion}` } });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('finish', resolve);
    out.on('error', reject);
    doc.pipe(out);
  });
  if (font.path) doc.registerFont('body', font.path, font.face);
  doc.font(font.path ? 'body' : 'Helvetica');
  const txt = font.path ? (s: string) => s : latin1Only;
  const bottom = doc.page.height - MARGIN - 24;

  doc.fontSize(16).text(txt(t.title));
  if (!font.path) doc.moveDown(0.3).fontSize(9).fillColor('#a00').text(txt(`${t.fontMissing(font.lookedFor)}${lang === 'en' ? '' : ` The ${lang} report needs a CJK font: this PDF is in English.`}`)).fillColor('black');
  doc.moveDown(0.5).fontSize(13).fillColor(r.verdict === 'qualified' ? '#060' : '#a00').text(txt(`${t.verdict}: ${r.verdict === 'qualified' ? t.qualified : t.notQualified}`)).fillColor('black');
  doc.moveDown(0.5).fontSize(9);
  const facts: [string, string][] = [
    [t.station, r.station.stationId ?? '?'],
    [t.database, r.station.database],
    [t.host, r.host],
    [t.software, r.softwareVersion],
    [t.ranAt, r.ranAt],
    [t.hub, r.hubUrl ?? t.noHub],
    [t.reportHash, r.reportSha256],
  ];
  for (const [k, v] of facts) doc.text(txt(`${k}: ${v}`));

  const outcome = { pass: t.pass, fail: t.fail, 'n/a': t.na };
  const row = (cells: string[], fill: string | null, bold = false) => {
    const heights = cells.map((c, i) => doc.heightOfString(txt(c), { width: COLUMNS[i]! - 6 }));
    const h = Math.max(...heights) + 6;
    if (doc.y + h > bottom) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      const w = COLUMNS[i]!;
      if (fill) doc.rect(x, y, w, h).fill(fill).fillColor('black');
      doc.rect(x, y, w, h).lineWidth(0.5).stroke('#999');
      doc.fillColor(bold ? '#000' : '#111').text(txt(c), x + 3, y + 3, { width: w - 6 });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const section = (phase: Phase, heading: string) => {
    if (doc.y + 60 > bottom) doc.addPage();
    doc.moveDown(1).fontSize(12).text(txt(heading), MARGIN).moveDown(0.3).fontSize(8);
    row([t.id, t.check, t.expected, t.observed, t.outcome], '#ddd', true);
    for (const c of r.checks.filter((x) => x.phase === phase)) {
      row([c.id, titleOf(t, c.id, c.title), c.expected, c.observed, outcome[c.outcome]], c.outcome === 'fail' ? '#f9d6d5' : c.outcome === 'pass' ? '#e6f4e6' : '#f3f3f3');
    }
  };
  section('IQ', t.iq);
  section('OQ', t.oq);

  if (doc.y + 90 > bottom) doc.addPage();
  doc.moveDown(1).fontSize(12).text(txt(t.signature), MARGIN).moveDown(0.3).fontSize(10);
  if (r.signature) {
    const s = r.signature;
    doc.text(txt(`${t.signedBy}: ${s.printedName} (${s.username})`));
    doc.text(txt(`${t.meaning}: ${s.meaning}`));
    doc.text(txt(`${t.signedAt}: ${s.signedAt} (${s.tzOffset})`));
    doc.text(txt(`${t.ledgerEntries}: ${s.entrySeq}, ${s.signatureSeq}`));
  } else {
    doc.fillColor('#a00').text(txt(`${t.unsigned}: ${r.unsignedReason ?? ''}`)).fillColor('black');
  }

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const y = doc.page.height - MARGIN - 12;
    doc.fontSize(7).fillColor('#444');
    doc.text(txt(`${t.page(i + 1, range.count)} · ${t.reportHash} ${r.reportSha256} · ${r.verdict === 'qualified' ? t.qualified : t.notQualified}`), MARGIN, y, { width: doc.page.width - 2 * MARGIN, lineBreak: false });
  }
  doc.end();
  await done;
}
