/**
 * `batchline qualify` — IQ and OQ on the plant's own machine, with a signed report (issue 11):
 *
 *   BATCHLINE_USER=qa.chen BATCHLINE_PASSWORD=… batchline qualify --db station.db [--hub URL]
 *       [--out DIR] [--balance ID=mt-sics:/dev/ttyUSB0[:9600]]… [--lang en|zh-CN] [--font FILE[#face]]
 *   batchline qualify --write-manifest release-manifest.json     (when a release is packaged)
 *
 * IQ reads the installation and the station database (read-only); OQ runs on a temporary
 * training station that is deleted afterwards. The report (HTML and PDF, in --out) lists every
 * check with expected, observed and result; any failure makes it "not qualified". The person
 * who ran it signs it at the station with their e-signature (a QA or supervisor account: an
 * admin holds no GMP role). Exit 0 only when qualified and signed; 1 otherwise; 2 usage.
 */
import type { Command } from 'commander';
import { meaningWords, refuseIn, refuseUsage, say, OUTCOME_WORDS } from '../cli-words.ts';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, printFailure } from '../cli-io.ts';
import { passwordFromEnv, PASSWORD_VARIABLE } from '../cli-password.ts';
import { startProgress } from '../progress.ts';
import { createStation } from '../../src-main/compose.ts';
import { loadOrCreateStationSecret } from '../../src-main/station-secret.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { sqliteMasterDataReader } from '../../src-main/db/master-data-repo.ts';
import { readSettingsAtStart } from '../../src-main/shell/runtime-support.ts';
import { parseBalanceSpec } from '../../src-main/shell/balance-spec.ts';
import type { BalanceSetting } from '../../src-shared/settings/station-settings.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { check, guarded, type QualificationCheck } from '../qualify/qualification-check.ts';
import { buildManifest } from '../qualify/release-manifest.ts';
import { installChecks } from '../qualify/iq-install.ts';
import { databaseChecks, type DatabaseFacts } from '../qualify/iq-database.ts';
import { timeChecks } from '../qualify/iq-time.ts';
import { hostChecks, type HostOptions } from '../qualify/iq-host.ts';
import { balanceChecks } from '../qualify/iq-balances.ts';
import { oqChecks, type OqOptions } from '../qualify/oq-training-station.ts';
import { hubSyncChecks } from '../qualify/oq-hub.ts';
import { buildReport, type QualificationReport } from '../qualify/qualification-report.ts';
import { signReport } from '../qualify/sign-report.ts';
import { renderReportHtml } from '../qualify/report-html.ts';
import { writeReportPdf } from '../qualify/report-pdf.ts';
import { findReportFont } from '../qualify/report-font.ts';
import { REPORT_LANGUAGES, reportText, titleOf, type ReportLanguage } from '../qualify/report-text.ts';

/** Where this installation lives: the folder holding bin/, src-*, migrations and package.json. */
export const INSTALL_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface QualifyOptions {
  db?: string;
  hub?: string;
  out: string;
  balance?: string[];
  manifest?: string;
  writeManifest?: string;
  lang: string;
  font?: string;
  /** Tests only: the installation to check (default: this one). */
  installRoot?: string;
  /** Tests only: where /proc, /sys and /etc are read for the host checks (a fixture tree). */
  host?: HostOptions;
  /** Tests only: how the temporary OQ station is made (pre-generated keys, cheap scrypt). */
  oq?: OqOptions;
}

export function registerQualifyCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('qualify')
    .description('IQ and OQ on this machine: a signed HTML and PDF report (credentials: BATCHLINE_USER, BATCHLINE_PASSWORD)')
    .option('--db <path>', 'the station database to qualify')
    .option('--hub <url>', 'the hub: clock drift against it, enrolment at it, and an OQ sync round with it (acknowledged, countersigned)')
    .option('--out <dir>', 'folder for the report files', '.')
    .option('--balance <spec...>', 'balance ports to check, as for `station` (default: the station settings)')
    .option('--manifest <file>', 'the release manifest (default: release-manifest.json in the installation)')
    .option('--write-manifest <file>', 'write the release manifest of this installation and stop')
    .option('--lang <lang>', 'report language: en or zh-CN', 'en')
    .option('--font <file>', 'CJK font for the PDF (FILE or FILE#PostScriptName; default: BATCHLINE_CJK_FONT or a system font)')
    .action(async (opts: QualifyOptions) => setExit(await runQualify(opts, io)));
}

const QUALIFY_STAGES = 6;

export async function runQualify(opts: QualifyOptions, io: CliIo): Promise<number> {
  const root = opts.installRoot ?? INSTALL_ROOT;
  if (opts.writeManifest) {
    const manifest = buildManifest(root, SOFTWARE_VERSION);
    writeFileSync(opts.writeManifest, JSON.stringify(manifest, null, 2) + '\n');
    io.out(say(io, 'qualifyManifestWritten', { count: Object.keys(manifest.files).length, version: manifest.version, path: opts.writeManifest }));
    return EXIT_OK;
  }
  if (!opts.db) return refuseUsage(io, 'qualifyGiveDb');
  if (!existsSync(opts.db)) return refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: opts.db }, EXIT_USAGE);
  if (!(REPORT_LANGUAGES as readonly string[]).includes(opts.lang)) return refuseUsage(io, 'langOneOf', { langs: REPORT_LANGUAGES.join(', ') });
  const hubUrl = opts.hub?.replace(/\/+$/, '');
  if (hubUrl !== undefined && !/^https?:\/\/\S+$/.test(hubUrl)) return refuseUsage(io, 'hubMustBeUrl');
  const username = io.env.BATCHLINE_USER;
  const password = passwordFromEnv(io);
  if (!username || !password) return refuseIn(io, 'PASSWORD_NOT_GIVEN', 'qualifySignerNotGiven', { variable: PASSWORD_VARIABLE }, EXIT_USAGE);
  const balances: BalanceSetting[] = [];
  for (const [i, spec] of (opts.balance ?? []).entries()) {
    const parsed = parseBalanceSpec(spec, i);
    if (!parsed.ok) return printFailure(io, io.json, parsed.error, EXIT_USAGE);
    balances.push(parsed.value);
  }
  const font = findReportFont(opts.font ?? io.env.BATCHLINE_CJK_FONT);
  if (!font.path) io.err(say(io, 'noCjkFontLatin', { lookedFor: font.lookedFor }));

  const ranAt = new Date();
  // Stages, not checks: IQ installation, database, time, balances; OQ; signing and the report.
  const progress = startProgress(io, 'qualify (IQ, OQ on a temporary training station, report)', QUALIFY_STAGES);
  const checks: QualificationCheck[] = [];
  checks.push(...(await guarded('IQ', 'IQ-01', 'Installation', 'the installation can be read', () => installChecks(root, opts.manifest ?? join(root, 'release-manifest.json')))));
  progress.update(1);
  const db = readDatabase(opts.db, ranAt, hubUrl);
  checks.push(...db.checks);
  checks.push(...(await guarded('IQ', 'IQ-16', 'Host', 'the database files and the host can be inspected', () => hostChecks(opts.db!, opts.host))));
  progress.update(2);
  checks.push(...(await guarded('IQ', 'IQ-12', 'Time', 'the clock can be read', () => timeChecks(() => new Date(), db.lastEntryTime, hubUrl))));
  progress.update(3);
  checks.push(...(await guarded('IQ', 'IQ-15', 'Balances', 'the balances can be asked', () => stationBalanceChecks(opts.db!, balances))));
  progress.update(4);
  checks.push(...(await oqChecks(opts.oq)));
  if (hubUrl !== undefined) {
    io.err(say(io, 'qualifyOqSync', { hub: hubUrl }));
    checks.push(...(await guarded('OQ', 'OQ-11', 'Sync to the hub', 'one sync round with the hub', () => hubSyncChecks(opts.db!, hubUrl, existingStationSecret(opts.db!, io.env)))));
  }
  progress.update(5);
  checks.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  let report: QualificationReport = buildReport({ database: resolve(opts.db), stationId: stationIdOf(opts.db), ranAt, hubUrl, checks });
  const secret = existingStationSecret(opts.db, io.env);
  const station = secret === null ? null : createStation({ dbPath: opts.db, stationSecret: secret });
  if (station === null) {
    report = { ...report, unsignedReason: `no station secret: set BATCHLINE_STATION_SECRET or put ${opts.db}.secret beside the database` };
  } else if (!station.ok) {
    report = { ...report, unsignedReason: `${station.error.code}: ${station.error.message}` };
  } else {
    try {
      const signed = signReport(station.value, report, { username, password });
      report = signed.ok ? { ...report, signature: signed.value } : { ...report, unsignedReason: `${signed.error.code}: ${signed.error.message}` };
    } finally {
      station.value.close();
    }
  }

  mkdirSync(opts.out, { recursive: true });
  const base = join(opts.out, `qualification-${report.station.stationId ?? 'station'}-${ranAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
  const lang = opts.lang as ReportLanguage;
  writeFileSync(`${base}.html`, renderReportHtml(report, lang));
  await writeReportPdf(report, lang, font, `${base}.pdf`);
  progress.update(QUALIFY_STAGES);
  progress.stop();

  // FR-155: the console lines in --lang, the check titles as the report gives them; the observed value as measured.
  const words = reportText(lang);
  // The report's --lang, also when the function is called without the command line (tests).
  const out = { lang };
  for (const c of report.checks) io.out(say(out, 'checkLine', { outcome: say(out, OUTCOME_WORDS[c.outcome]), id: c.id.padEnd(8), title: titleOf(words, c.id, c.title), observed: c.observed }));
  const verdict = { failed: report.checks.filter((c) => c.outcome === 'fail').length, total: report.checks.length, sha: report.reportSha256 };
  io.out(say(out, report.verdict === 'qualified' ? 'verdictQualified' : 'verdictNotQualified', verdict));
  const s = report.signature;
  io.out(s ? say(out, 'qualifySignedBy', { name: s.printedName, user: s.username, meaning: meaningWords(out, s.meaning), at: s.signedAt, entry: s.entrySeq, signature: s.signatureSeq }) : say(out, 'qualifyNotSigned', { reason: report.unsignedReason ?? '' }));
  io.out(say(out, 'reportFiles', { files: `${base}.html, ${base}.pdf` }));
  return report.verdict === 'qualified' && report.signature ? EXIT_OK : EXIT_FAILED;
}

async function stationBalanceChecks(dbPath: string, flags: BalanceSetting[]): Promise<QualificationCheck[]> {
  const configured = flags.length > 0 ? flags : readSettingsAtStart(dbPath).balances;
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) return balanceChecks(configured, { get: () => undefined });
  try {
    return await balanceChecks(configured, sqliteMasterDataReader(opened.value.sqlite));
  } finally {
    opened.value.close();
  }
}

/** A database that cannot be read at all is a failed IQ check, not a crashed run. */
function readDatabase(dbPath: string, ranAt: Date, hubUrl: string | undefined): DatabaseFacts {
  try {
    return databaseChecks(dbPath, ranAt, hubUrl);
  } catch (e) {
    return { checks: [check('IQ', 'IQ-05', 'Database schema version', 'the station database can be read', `it cannot: ${(e as Error).message}`, false)], lastEntryTime: null };
  }
}

/**
 * The secret of an EXISTING station, never a new one: a qualification must not leave a fresh
 * secret file beside a database whose real secret is kept elsewhere.
 */
function existingStationSecret(dbPath: string, env: Record<string, string | undefined>): string | null {
  if ((env.BATCHLINE_STATION_SECRET ?? '').length >= 16 || existsSync(`${dbPath}.secret`)) return loadOrCreateStationSecret(dbPath, env);
  return null;
}

function stationIdOf(dbPath: string): string | null {
  const opened = openStationDb(dbPath, { readonly: true });
  if (!opened.ok) return null;
  try {
    return (opened.value.sqlite.prepare('select station_id from station where id = 1').get() as { station_id: string } | undefined)?.station_id ?? null;
  } catch {
    return null;
  } finally {
    opened.value.close();
  }
}

