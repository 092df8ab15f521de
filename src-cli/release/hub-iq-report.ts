/**
 * The hub IQ report (COMPLIANCE D25-10) in English and Chinese, as `qualify`'s report is: the
 * frame, verdict and check titles translated, measured values printed as measured. HTML always;
 * the PDF on the shared PDF layer (src-core/report/pdf-document.ts), footed on every page with
 * the report's SHA-256 and verdict. The SHA-256 is over the canonical JSON of the report.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { hostname, platform, release as osRelease } from 'node:os';
import { canonicalJson } from '../../src-core/ledger/canonical-json.ts';
import { createPdf } from '../../src-core/report/pdf-document.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { verdictOf, type Verdict } from '../qualify/qualification-check.ts';
import type { ReportFont } from '../qualify/report-font.ts';
import { checkHeaders, outcomeWord, reportText, verdictWord, type CheckReportWords, type ReportLanguage } from '../qualify/report-text.ts';
import { esc } from '../qualify/rtm-render.ts';
import type { HubIqCheck, HubIqResult } from './hub-iq.ts';

export interface HubIqReport {
  readonly installation: string;
  readonly database: string;
  readonly host: string;
  readonly softwareVersion: string;
  readonly ranAt: string;
  readonly releaseDir: string;
  readonly release: HubIqResult['release'];
  readonly installedDigest: string | null;
  readonly checks: readonly HubIqCheck[];
  readonly verdict: Verdict;
  readonly reportSha256: string;
}

export function buildHubIqReport(input: { installation: string; database: string; releaseDir: string; ranAt: Date; result: HubIqResult }): HubIqReport {
  const body = {
    installation: input.installation,
    database: input.database,
    host: `${hostname()} (${platform()} ${osRelease()})`,
    softwareVersion: SOFTWARE_VERSION,
    ranAt: input.ranAt.toISOString(),
    releaseDir: input.releaseDir,
    release: input.result.release,
    installedDigest: input.result.installedDigest,
    checks: input.result.checks,
    verdict: verdictOf(input.result.checks),
  };
  return { ...body, reportSha256: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

/** The hub IQ report's own words; the rest are the qualification report's (report-text.ts). */
interface HubIqWords {
  title: string;
  installation: string;
  releaseDir: string;
  releaseVersion: string;
  releaseKey: string;
  manifest: string;
  releaseDigest: string;
  releaseSignedAt: string;
  timeNotCovered: string;
  installedDigest: string;
  notVerified: string;
  checks: string;
  titles: Record<string, string>;
}
type HubIqText = CheckReportWords & HubIqWords;

const en: HubIqWords = {
  title: 'Hub installation qualification report',
  installation: 'Installation',
  releaseDir: 'Release kit',
  releaseVersion: 'Release version',
  releaseKey: 'Release key (SHA-256)',
  manifest: 'Release manifest SHA-256',
  releaseDigest: 'Release hub digest',
  releaseSignedAt: 'Release signed at (UTC)',
  timeNotCovered: 'as the signature file states it, not covered by the signature (signed before signing times were signed)',
  installedDigest: 'Installed hub digest',
  notVerified: 'not verified',
  checks: 'Installation qualification (IQ) of the hub',
  titles: {},
};

const zh: HubIqWords = {
  title: '中心服务器安装确认报告',
  installation: '安装目录',
  releaseDir: '发布验证包',
  releaseVersion: '发布版本',
  releaseKey: '发布密钥 (SHA-256)',
  manifest: '发布清单 SHA-256',
  releaseDigest: '发布的中心服务器摘要',
  releaseSignedAt: '发布签名时间 (UTC)',
  timeNotCovered: '为签名文件所记载的时间，不受签名保护（签名时间尚未纳入签名时签署）',
  installedDigest: '已安装的中心服务器摘要',
  notVerified: '未验证',
  checks: '中心服务器安装确认 (IQ)',
  titles: {
    'HIQ-01': '发布签名',
    'HIQ-02': '已安装版本',
    'HIQ-03': '程序包为最新',
    'HIQ-04': '已安装的中心服务器文件与发布摘要一致',
    'HIQ-05': '数据库已执行的迁移',
  },
};

export function hubIqText(lang: ReportLanguage): HubIqText {
  // The qualification report's words (its own title and check titles give way to these).
  return { ...reportText(lang), ...(lang === 'zh-CN' ? zh : en) };
}

function facts(r: HubIqReport, t: HubIqText): [string, string][] {
  return [
    [t.installation, r.installation],
    [t.database, r.database],
    [t.host, r.host],
    [t.software, r.softwareVersion],
    [t.ranAt, r.ranAt],
    [t.releaseDir, r.releaseDir],
    [t.releaseVersion, r.release?.appVersion ?? t.notVerified],
    [t.releaseKey, r.release?.keyFingerprint ?? t.notVerified],
    [t.manifest, r.release?.manifestSha256 ?? t.notVerified],
    [t.releaseDigest, r.release?.hubDigest ?? t.notVerified],
    [t.releaseSignedAt, r.release ? (r.release.signedAtCovered ? r.release.signedAt : `${r.release.signedAt} (${t.timeNotCovered})`) : t.notVerified],
    [t.installedDigest, r.installedDigest ?? '-'],
    [t.reportHash, r.reportSha256],
  ];
}

const titleOf = (t: HubIqText, c: HubIqCheck) => t.titles[c.id] ?? c.title;

export function renderHubIqHtml(r: HubIqReport, lang: ReportLanguage): string {
  const t = hubIqText(lang);
  const verdict = verdictWord(t, r.verdict);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(t.title)}</title>
<style>body{font:14px system-ui,"Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left;word-break:break-all}
.pass{background:#e6f4e6}.fail{background:#f9d6d5}.na{background:#f3f3f3}.verdict{font-size:1.4em;padding:.4em;border:2px solid #333;display:inline-block}</style></head>
<body><h1>${esc(t.title)}</h1>
<p class="verdict ${r.verdict === 'qualified' ? 'pass' : 'fail'}">${esc(t.verdict)}: <strong>${esc(verdict)}</strong></p>
<table><tbody>
${facts(r, t).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</tbody></table>
<h2>${esc(t.checks)}</h2>
<table><thead><tr>${checkHeaders(t).map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>
${r.checks.map((c) => `<tr class="${c.outcome === 'n/a' ? 'na' : c.outcome}"><td>${esc(c.id)}</td><td>${esc(titleOf(t, c))}</td><td>${esc(c.expected)}</td><td>${esc(c.observed)}</td><td>${esc(outcomeWord(t, c.outcome))}</td></tr>`).join('\n')}
</tbody></table>
</body></html>
`;
}

const COLUMNS = [52, 150, 210, 280, 60] as const;

export async function writeHubIqPdf(r: HubIqReport, lang: ReportLanguage, font: ReportFont, file: string): Promise<void> {
  // Without a CJK font a Chinese frame would print as "???": English then, as qualify does.
  const t = hubIqText(font.path ? lang : 'en');
  const pdf = await createPdf({ font, landscape: true, title: t.title, subject: `SHA-256 ${r.reportSha256}`, creator: `Batchline ${r.softwareVersion}` });
  pdf.doc.fontSize(16).text(pdf.txt(t.title));
  pdf.doc.moveDown(0.5);
  pdf.paragraph(`${t.verdict}: ${verdictWord(t, r.verdict)}`, { size: 13, color: r.verdict === 'qualified' ? '#060' : '#a00' });
  pdf.doc.moveDown(0.5);
  for (const [k, v] of facts(r, t)) pdf.paragraph(`${k}: ${v}`);
  pdf.heading(t.checks);
  pdf.row(COLUMNS, checkHeaders(t), { fill: '#ddd' });
  for (const c of r.checks) pdf.row(COLUMNS, [c.id, titleOf(t, c), c.expected, c.observed, outcomeWord(t, c.outcome)], { fill: c.outcome === 'fail' ? '#f9d6d5' : c.outcome === 'pass' ? '#e6f4e6' : '#f3f3f3' });
  const verdict = verdictWord(t, r.verdict);
  writeFileSync(file, await pdf.finish((n, m) => `${t.page(n, m)} · ${t.reportHash} ${r.reportSha256} · ${verdict}`));
}
