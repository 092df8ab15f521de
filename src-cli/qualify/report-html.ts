/** The IQ/OQ report as one self-contained HTML page (no scripts, no external resources). */
import { esc } from './rtm-render.ts';
import type { QualificationReport } from './qualification-report.ts';
import { checkHeaders, outcomeWord, reportText, titleOf, verdictWord, type ReportLanguage } from './report-text.ts';
import type { Phase } from './qualification-check.ts';

export function renderReportHtml(r: QualificationReport, lang: ReportLanguage): string {
  const t = reportText(lang);
  const verdict = verdictWord(t, r.verdict);
  const section = (phase: Phase, heading: string) => `<h2>${esc(heading)}</h2>
<table><thead><tr>${checkHeaders(t).map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${r.checks
  .filter((c) => c.phase === phase)
  .map((c) => `<tr class="${c.outcome === 'n/a' ? 'na' : c.outcome}"><td>${esc(c.id)}</td><td>${esc(titleOf(t, c.id, c.title))}</td><td>${esc(c.expected)}</td><td>${esc(c.observed)}</td><td>${esc(outcomeWord(t, c.outcome))}</td></tr>`)
  .join('\n')}
</tbody></table>`;
  const sig = r.signature
    ? `<dl><dt>${esc(t.signedBy)}</dt><dd>${esc(r.signature.printedName)} (${esc(r.signature.username)})</dd><dt>${esc(t.meaning)}</dt><dd>${esc(r.signature.meaning)}</dd><dt>${esc(t.signedAt)}</dt><dd>${esc(r.signature.signedAt)} (${esc(r.signature.tzOffset)})</dd><dt>${esc(t.ledgerEntries)}</dt><dd>${r.signature.entrySeq}, ${r.signature.signatureSeq}</dd></dl>`
    : `<p class="fail"><strong>${esc(t.unsigned)}</strong>: ${esc(r.unsignedReason ?? '')}</p>`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t.title)}</title>
<style>body{font:14px system-ui,"Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
.pass{background:#e6f4e6}.fail{background:#f9d6d5}.na{background:#f3f3f3}.verdict{font-size:1.4em;padding:.4em;border:2px solid #333;display:inline-block}dt{font-weight:bold}</style></head>
<body><h1>${esc(t.title)}</h1>
<p class="verdict ${r.verdict === 'qualified' ? 'pass' : 'fail'}">${esc(t.verdict)}: <strong>${esc(verdict)}</strong></p>
<table><tbody>
<tr><th>${esc(t.station)}</th><td>${esc(r.station.stationId ?? '?')}</td></tr>
<tr><th>${esc(t.database)}</th><td>${esc(r.station.database)}</td></tr>
<tr><th>${esc(t.host)}</th><td>${esc(r.host)}</td></tr>
<tr><th>${esc(t.software)}</th><td>${esc(r.softwareVersion)}</td></tr>
<tr><th>${esc(t.ranAt)}</th><td>${esc(r.ranAt)}</td></tr>
<tr><th>${esc(t.hub)}</th><td>${esc(r.hubUrl ?? t.noHub)}</td></tr>
<tr><th>${esc(t.reportHash)}</th><td><code>${r.reportSha256}</code></td></tr>
</tbody></table>
${section('IQ', t.iq)}
${section('OQ', t.oq)}
<h2>${esc(t.signature)}</h2>
${sig}
</body></html>
`;
}
