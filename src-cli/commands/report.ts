/**
 * Reports for the periodic review (EU GMP Annex 11 §11, §12; COMPLIANCE.md A11-18, A11-20, DI-11):
 *
 *   batchline report accounts (--db STATION.db | --data HUBDIR) [--json] [--lang en|zh-CN]
 *       who has which role, status, last login, dormant, pending, generic name
 *   batchline report access --at DATE (--db STATION.db | --data HUBDIR) [--json]
 *       who held which role on that date (reconstructed from the record)
 *   batchline report periodic --from DATE --to DATE [--data HUBDIR] [--json] [--lang en|zh-CN]
 *       incidents, configuration changes, failed logins, upgrades, deviations, users and roles,
 *       validation status, for [from, to)
 *
 * Run by IT on the machine that holds the database: the station file (its station secret, as for
 * `backup`), or the hub's data folder or DATABASE_URL (as for `hub init-admin`). Opening a station
 * also disables its dormant accounts (recorded), as every start does.
 */
import { refuse } from '../cli-io.ts';
import type { Command } from 'commander';
import { refuseIn, refuseUsage } from '../cli-words.ts';
import { DECIMAL_INTEGER } from '../../src-shared/api/query-number.ts';
import { join } from 'node:path';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliIo } from '../cli-io.ts';
import { withStation } from '../open-station.ts';
import { openHubDb } from '../../src-server/db/open-hub-db.ts';
import type { HubContext } from '../../src-server/hub-context.ts';
import { hubAccessAt, hubAccountReview, periodicReport, type PeriodicReport } from '../../src-server/admin/hub-reports.ts';
import { systemClock } from '../../src-core/clock.ts';
import { formatInZone } from '../../src-shared/time/zoned-time.ts';
import { REPORT_LANGS, reportWords, type ReportLang, type ReportWords } from '../report/report-i18n.ts';

type SetExit = (code: number) => void;

interface Common {
  db?: string;
  data?: string;
  json?: boolean;
  lang: string;
  timeZone: string;
}

const DEFAULT_TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function registerReportCommands(program: Command, io: CliIo, setExit: SetExit): void {
  const report = program.command('report').description('periodic-review reports: accounts, access at a date, the periodic evaluation');
  const common = (c: Command) =>
    c
      .option('--db <path>', 'a station database file')
      .option('--data <dir>', 'the hub data folder (or set DATABASE_URL)')
      .option('--json', 'machine-readable JSON')
      .option('--lang <lang>', 'language of the text: en or zh-CN', 'en')
      .option('--time-zone <tz>', 'IANA time zone the times are shown in', DEFAULT_TZ);
  common(report.command('accounts').description('account review: roles, status, last login, dormant, pending, generic names')).action(async (opts: Common) => setExit(await accounts(opts, io)));
  common(report.command('access').description('who held which role at a date (A11-20)').requiredOption('--at <date>', 'the date and time (ISO 8601; a date alone means its end, UTC)')).action(
    async (opts: Common & { at: string }) => setExit(await access(opts, io)),
  );
  common(
    report
      .command('periodic')
      .description('periodic evaluation at the hub (A11-18): incidents, config changes, failed logins, upgrades, deviations, users, validation')
      .requiredOption('--from <date>', 'start of the period (ISO 8601, inclusive)')
      .requiredOption('--to <date>', 'end of the period (ISO 8601, exclusive)'),
  ).action(async (opts: Common & { from: string; to: string }) => setExit(await periodic(opts, io)));
}

function checkCommon(opts: Common, io: CliIo, hubOnly = false): ReportLang | null {
  if (!(REPORT_LANGS as readonly string[]).includes(opts.lang)) {
    refuseUsage(io, 'langOneOf', { langs: REPORT_LANGS.join(', ') });
    return null;
  }
  if (hubOnly ? !opts.data && !io.env.DATABASE_URL : !opts.db && !opts.data && !io.env.DATABASE_URL) {
    refuseUsage(io, hubOnly ? 'reportGiveHubData' : 'reportGiveDbOrHub');
    return null;
  }
  // FR-155: a dormancy period that is set but not a whole number of days is refused before
  // anything opens (it was read with Number() and silently replaced by the default).
  const dormant = dormantSetting(io);
  if (dormant !== undefined && dormantDays(dormant) === null) {
    refuseIn(io, 'SETTING_INVALID', 'dormantDaysInvalid', { value: dormant }, EXIT_USAGE);
    return null;
  }
  return opts.lang as ReportLang;
}

function parseDate(text: string, endOfDay: boolean): Date | null {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : text);
  return Number.isNaN(d.getTime()) ? null : d;
}

async function withHub<T>(opts: Common, io: CliIo, use: (ctx: HubContext) => Promise<T>): Promise<T | null> {
  const url = io.env.DATABASE_URL;
  const opened = await openHubDb(url && !opts.data ? { databaseUrl: url } : { dataDir: join(opts.data!, 'pgdata') });
  if (!opened.ok) {
    refuse(io, opened.error);
    return null;
  }
  try {
    const setting = dormantSetting(io);
    const dormant = setting === undefined ? null : dormantDays(setting);
    // The reports read tables only: no keys, no secret, no services.
    const ctx = { db: opened.value.orm, clock: systemClock(), ...(dormant !== null ? { dormantDays: dormant } : {}) } as unknown as HubContext;
    return await use(ctx);
  } finally {
    await opened.value.close();
  }
}

async function accounts(opts: Common, io: CliIo): Promise<number> {
  const lang = checkCommon(opts, io);
  if (!lang) return EXIT_USAGE;
  const w = reportWords(lang);
  const when = (iso: string | null) => (iso ? formatInZone(iso, lang, opts.timeZone) : w.never);
  if (opts.db) {
    return withStation(opts.db, io, (station) => {
      const days = station.settings.current().accounts.dormantDays;
      const rows = station.accounts.review(days);
      if (opts.json) {
        io.out(JSON.stringify({ where: station.stationId, dormantDays: days, accounts: rows }, null, 2));
        return EXIT_OK;
      }
      io.out(w.accountsTitle(station.stationId));
      io.out([w.columns.user, w.columns.name, w.columns.roles, w.columns.status, w.columns.lastLogin, w.columns.flags].join('\t'));
      for (const r of rows) {
        const flags = [r.dormant ? w.flags.dormant(r.daysSinceLogin) : '', r.generic ? w.flags.generic : '', r.mfaEnrolled ? w.flags.mfa : '', r.esigAcknowledged ? '' : w.flags.noAck].filter(Boolean).join('; ');
        io.out([r.username, r.printedName, r.roles.join(', '), w.status[r.status] ?? r.status, when(r.lastLoginAt), flags].join('\t'));
      }
      return EXIT_OK;
    });
  }
  const rows = await withHub(opts, io, (ctx) => hubAccountReview(ctx));
  if (!rows) return EXIT_FAILED;
  if (opts.json) {
    io.out(JSON.stringify({ where: 'hub', accounts: rows }, null, 2));
    return EXIT_OK;
  }
  io.out(w.accountsTitle('hub'));
  io.out([w.columns.user, w.columns.name, w.columns.roles, w.columns.status, w.columns.lastLogin, w.columns.flags].join('\t'));
  for (const r of rows) {
    const flags = [r.dormant ? w.flags.dormant(r.daysSinceLogin) : '', r.generic ? w.flags.generic : '', r.pending ? w.flags.pending : ''].filter(Boolean).join('; ');
    io.out([r.username, r.printedName, r.roles.join(', '), w.status[r.status] ?? r.status, when(r.lastLoginAt), flags].join('\t'));
  }
  return EXIT_OK;
}

async function access(opts: Common & { at: string }, io: CliIo): Promise<number> {
  const lang = checkCommon(opts, io);
  if (!lang) return EXIT_USAGE;
  const at = parseDate(opts.at, true);
  if (!at) {
    return refuseUsage(io, 'reportAtInvalid', { value: opts.at });
  }
  const w = reportWords(lang);
  const print = (where: string, rows: { username: string; roles: string[]; status: string }[]) => {
    if (opts.json) return io.out(JSON.stringify({ where, at: at.toISOString(), access: rows }, null, 2));
    io.out(w.accessTitle(where, formatInZone(at.toISOString(), lang, opts.timeZone)));
    io.out([w.columns.user, w.columns.roles, w.columns.status].join('\t'));
    for (const r of rows) io.out([r.username, r.roles.join(', '), w.status[r.status] ?? r.status].join('\t'));
  };
  if (opts.db) {
    return withStation(opts.db, io, (station) => {
      print(station.stationId, station.accounts.accessAt(at));
      return EXIT_OK;
    });
  }
  const rows = await withHub(opts, io, (ctx) => hubAccessAt(ctx, at));
  if (!rows) return EXIT_FAILED;
  print('hub', rows);
  return EXIT_OK;
}

async function periodic(opts: Common & { from: string; to: string }, io: CliIo): Promise<number> {
  const lang = checkCommon(opts, io, true);
  if (!lang) return EXIT_USAGE;
  const from = parseDate(opts.from, false);
  const to = parseDate(opts.to, false);
  if (!from || !to || to <= from) {
    return refuseUsage(io, 'reportPeriodInvalid');
  }
  const report = await withHub(opts, io, (ctx) => periodicReport(ctx, from, to));
  if (!report) return EXIT_FAILED;
  if (opts.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of periodicText(report, reportWords(lang), lang, opts.timeZone)) io.out(line);
  return EXIT_OK;
}

/** The periodic report as text, in the reader's language and time zone. */
export function periodicText(r: PeriodicReport, w: ReportWords, lang: ReportLang, timeZone: string): string[] {
  const t = (iso: string) => formatInZone(iso, lang, timeZone);
  const out: string[] = [w.periodicTitle(t(r.from), t(r.to)), w.generated(t(r.generatedAt), r.softwareVersion), ''];
  const section = (title: string, count: number | string) => out.push(`${title}: ${count}`);
  section(w.sections.incidents, r.incidents.count);
  out.push(`  ${w.counts.syncRefusals} ${r.incidents.syncRefusals}, ${w.counts.forks} ${r.incidents.forks}, ${w.counts.stationStatus} ${r.incidents.stationStatusChanges}`);
  for (const i of r.incidents.items) out.push(`  ${t(i.at)}  ${i.stationId}  ${i.kind}  ${i.detail}`);
  section(w.sections.configChanges, r.configChanges.count);
  for (const c of r.configChanges.items) out.push(`  ${t(c.time)}  ${c.stationId}  ${c.key}  ${c.reason}${c.approvedBy ? `  (${w.approvedBy} ${c.approvedBy})` : ''}`);
  section(w.sections.failedLogins, r.failedLogins.count);
  out.push(`  ${w.counts.atStations} ${r.failedLogins.atStations}, ${w.counts.atHub} ${r.failedLogins.atHub}`);
  for (const [user, n] of Object.entries(r.failedLogins.byUser).sort((a, b) => b[1] - a[1])) out.push(`  ${user}: ${n}`);
  section(w.sections.upgrades, r.upgrades.count);
  for (const u of r.upgrades.items) out.push(`  ${t(u.at)}  ${u.where}  ${u.from ?? '—'} → ${u.to}`);
  section(w.sections.deviations, r.deviations.raised);
  section(w.sections.openDeviations, r.deviations.open);
  for (const d of r.deviations.openItems) out.push(`  ${d.stationId}  ${d.deviationId}  ${d.batchRef ?? ''}  ${t(d.raisedAt)}  ${d.reason}`);
  section(w.sections.concurrentUse, r.concurrentUse.count);
  for (const c of r.concurrentUse.items) out.push(`  ${t(c.at)} – ${t(c.until)}  ${c.username}  ${c.stations.join(' + ')}`);
  section(w.sections.users, r.usersAndRoles.length);
  for (const u of r.usersAndRoles) out.push(`  ${u.username}  ${u.roles.join(', ')}  ${w.status[u.status] ?? u.status}${u.dormant ? `  ${w.flags.dormant(u.daysSinceLogin)}` : ''}${u.generic ? `  ${w.flags.generic}` : ''}`);
  section(w.sections.validation, r.validation.length);
  for (const v of r.validation) out.push(`  ${v.stationId}  ${v.lastQualification ? `${t(v.lastQualification)}  ${v.verdict}` : w.notQualified}`);
  out.push(`${w.sections.notRecorded}: ${r.notRecorded.join(', ')}`);
  return out;
}

/** BATCHLINE_DORMANT_DAYS as set; empty is unset (as passwordFromEnv reads an empty variable). */
function dormantSetting(io: CliIo): string | undefined {
  const text = io.env.BATCHLINE_DORMANT_DAYS;
  return text === '' ? undefined : text;
}

/** BATCHLINE_DORMANT_DAYS as days (decimal digits, 1 to 3650, FR-138's spelling rule), or null when it is no such number. */
export function dormantDays(text: string): number | null {
  if (!DECIMAL_INTEGER.test(text)) return null;
  const days = Number(text);
  return days >= 1 && days <= 3650 ? days : null;
}
