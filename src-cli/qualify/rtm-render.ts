/**
 * The matrix as a person reads it: a text table for the terminal and a self-contained HTML page
 * for the validation pack. Both show every row, proven or not, so the gaps are as visible as the
 * proofs.
 */
import type { Judgement, Matrix, MatrixRow, RowStatus } from './rtm-matrix.ts';

const LABEL: Record<RowStatus, string> = { proven: 'PROVEN', failing: 'FAILING', 'not-run': 'NOT RUN', none: 'NO TEST' };

export function summaryLine(m: Matrix): string {
  const c = m.counts;
  return `rtm: ${m.rows.length} requirements: ${c.proven} proven, ${c.failing} failing, ${c['not-run']} named but not run, ${c.none} without a test`;
}

export function renderText(m: Matrix): string[] {
  const lines = [`results: ${m.resultsFrom ?? '(none read)'}${m.runStartedAt ? `, run started ${m.runStartedAt}` : ''}`];
  for (const r of m.rows) {
    lines.push(`${r.id.padEnd(7)} ${LABEL[r.status].padEnd(8)} ${r.reference} — ${shorten(r.text, 90)}`);
    for (const t of r.tests) lines.push(`          ${t.status === 'passed' ? 'pass' : 'FAIL'}  ${t.file}: ${shorten(t.title, 110)}`);
    for (const t of r.namedNotRun) lines.push(`          ----  ${t.file}: ${shorten(t.title, 110)} (not in the results)`);
  }
  lines.push(summaryLine(m));
  return lines;
}

export function renderJudgement(j: Judgement, mode: string): string[] {
  if (j.ok) return [`rtm ${mode}: ok`];
  return [`rtm ${mode}: ${j.failures.length} row(s) fail`, ...j.failures.map((f) => `  ${f.id}: ${f.why}`)];
}

export function renderHtml(m: Matrix, judgement: Judgement, mode: string): string {
  const rows = m.rows.map(htmlRow).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Batchline requirements traceability matrix</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
.proven{background:#e6f4e6}.failing{background:#f9d6d5}.not-run{background:#fff4cc}.none{background:#f3f3f3}ul{margin:0;padding-left:1.2em}</style></head>
<body><h1>Requirements traceability matrix</h1>
<p>${esc(summaryLine(m))}</p>
<p>Results: ${esc(m.resultsFrom ?? '(none read)')}${m.runStartedAt ? `, run started ${esc(m.runStartedAt)}` : ''}. Judgement (${esc(mode)}): <strong>${judgement.ok ? 'ok' : `${judgement.failures.length} row(s) fail`}</strong>.</p>
<table><thead><tr><th>id</th><th>reference</th><th>requirement</th><th>tests (last run)</th><th>result</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}

function htmlRow(r: MatrixRow): string {
  const tests = [
    ...r.tests.map((t) => `<li>${t.status === 'passed' ? 'pass' : '<strong>FAIL</strong>'}: ${esc(t.file)} — ${esc(t.title)}</li>`),
    ...r.namedNotRun.map((t) => `<li>not run: ${esc(t.file)} — ${esc(t.title)}</li>`),
  ];
  return `<tr class="${r.status}"><td>${esc(r.id)}</td><td>${esc(r.reference)}</td><td>${esc(r.text)}</td><td>${tests.length ? `<ul>${tests.join('')}</ul>` : '—'}</td><td>${LABEL[r.status]}</td></tr>`;
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
