/**
 * `batchline hub iq` — the installed hub against its signed release (COMPLIANCE D25-10):
 *
 *   batchline hub iq --release KIT --public-key release-key.pub.pem (--data DIR | DATABASE_URL)
 *       [--out DIR] [--lang en|zh-CN] [--font FILE[#face]]
 *
 * Checks in src-cli/release/hub-iq.ts; the report (HTML and PDF, in --out) as `qualify`'s. With
 * the embedded database, stop the hub first (PGlite is one process per data folder). Exit 0
 * only when qualified; 1 otherwise (each failed check's typed code on stderr); 2 usage.
 */
import type { Command } from 'commander';
import { refuseIn, refuseUsage, say, OUTCOME_WORDS } from '../cli-words.ts';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure, type CliIo } from '../cli-io.ts';
import { startProgress } from '../progress.ts';
import { findReportFont } from '../qualify/report-font.ts';
import { REPORT_LANGUAGES, type ReportLanguage } from '../qualify/report-text.ts';
import { hubIqChecks, HUB_IQ_CHECKS } from '../release/hub-iq.ts';
import { buildHubIqReport, hubIqText, renderHubIqHtml, writeHubIqPdf } from '../release/hub-iq-report.ts';
import { readPublicKey } from '../release/release-key.ts';

/** This installation: the folder holding bin/, dist-cli/, src-server/ and package.json. */
const INSTALL_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface HubIqOptions {
  release?: string;
  publicKey?: string;
  data?: string;
  out: string;
  lang: string;
  font?: string;
  /** Tests only: the installation to check (default: this one). */
  installRoot?: string;
}

export function registerHubIqCommand(hub: Command, io: CliIo, setExit: (code: number) => void): void {
  hub
    .command('iq')
    .description("IQ of this hub against its signed release: the release's signature, the installed files' digest, the database's migrations")
    .option('--release <dir>', 'the signed validation kit of the release (batchline validation-kit, release sign)')
    .option('--public-key <file>', 'the release public key you trust (SPKI PEM)')
    .option('--data <dir>', "the hub's data folder (embedded database; stop the hub first), or set DATABASE_URL")
    .option('--out <dir>', 'folder for the report files', '.')
    .option('--lang <lang>', 'report language: en or zh-CN', 'en')
    .option('--font <file>', 'CJK font for the PDF (FILE or FILE#PostScriptName; default: BATCHLINE_CJK_FONT or a system font)')
    .action(async (opts: HubIqOptions) => setExit(await runHubIq(opts, io)));
}

export async function runHubIq(opts: HubIqOptions, io: CliIo): Promise<number> {
  if (!opts.release) return refuseUsage(io, 'hubIqGiveRelease');
  if (!existsSync(opts.release)) return refuseIn(io, 'FILE_NOT_FOUND', 'hubIqNoRelease', { path: opts.release }, EXIT_USAGE);
  if (!opts.publicKey) return refuseUsage(io, 'giveTrustedPublicKey');
  if (!(REPORT_LANGUAGES as readonly string[]).includes(opts.lang)) return refuseUsage(io, 'langOneOf', { langs: REPORT_LANGUAGES.join(', ') });
  const databaseUrl = io.env.DATABASE_URL;
  if (!databaseUrl && !opts.data) return refuseUsage(io, 'hubIqGiveData');
  const trusted = readPublicKey(opts.publicKey);
  if (!trusted.ok) return printFailure(io, io.json, trusted.error, EXIT_USAGE);
  const font = findReportFont(opts.font ?? io.env.BATCHLINE_CJK_FONT);
  if (!font.path) io.err(say(io, 'noCjkFontLatin', { lookedFor: font.lookedFor }));

  const root = opts.installRoot ?? INSTALL_ROOT;
  const ranAt = new Date();
  const progress = startProgress(io, 'hub iq (release signature, version, bundle, files, migrations)', HUB_IQ_CHECKS);
  const result = await hubIqChecks({
    root,
    releaseDir: opts.release,
    trusted: trusted.value,
    database: databaseUrl ? { databaseUrl } : { dataDir: opts.data! },
    onCheck: (n) => progress.update(n),
  }).finally(() => progress.stop());
  const report = buildHubIqReport({ installation: resolve(root), database: databaseUrl ? redacted(databaseUrl) : resolve(opts.data!), releaseDir: resolve(opts.release), ranAt, result });

  mkdirSync(opts.out, { recursive: true });
  const base = join(opts.out, `hub-iq-${ranAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
  const lang = opts.lang as ReportLanguage;
  writeFileSync(`${base}.html`, renderHubIqHtml(report, lang));
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  await writeHubIqPdf(report, lang, font, `${base}.pdf`);

  // FR-155: the console lines in --lang, the check titles as the report gives them; the observed value as measured.
  const words = hubIqText(lang);
  // The report's --lang, also when the function is called without the command line (tests).
  const out = { lang };
  for (const c of report.checks) io.out(say(out, 'checkLine', { outcome: say(out, OUTCOME_WORDS[c.outcome]), id: c.id.padEnd(7), title: words.titles[c.id] ?? c.title, observed: c.observed }));
  for (const c of report.checks) if (c.code) io.err(say(out, 'refused', { refusal: c.observed }));
  const verdict = { failed: report.checks.filter((c) => c.outcome === 'fail').length, total: report.checks.length, sha: report.reportSha256 };
  io.out(say(out, report.verdict === 'qualified' ? 'verdictQualified' : 'verdictNotQualified', verdict));
  io.out(say(out, 'reportFiles', { files: `${base}.html, ${base}.pdf, ${base}.json` }));
  return report.verdict === 'qualified' ? EXIT_OK : EXIT_FAILED;
}

/** The server and database, never the password. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

