/**
 * Ledger commands for QA and IT: `verify` (re-check a whole station database offline),
 * `demo` (make a realistic demo station), `audit` (filter and export the audit trail).
 */
import { refusalText, refuse } from '../cli-io.ts';
import { refuseIn, say } from '../cli-words.ts';
import { errorWords } from '../../src-shared/errors/error-words.ts';
import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import type { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { withReadonlyLedger, withStation } from '../open-station.ts';
import type { Station } from '../../src-main/compose.ts';
import { counted, startProgress } from '../progress.ts';
import { DEMO_IDENTITY, DEMO_SEED_STEPS, DEMO_USERS, seedDemo } from '../../src-main/demo/seed-demo.ts';
import { DEMO_BATCH } from '../../src-main/demo/seed-dispensing.ts';
import { prefetchKeys } from '../../src-core/pki/prefetched-keys.ts';
import { DEMO_SCRYPT_PARAMS } from '../../src-main/demo/demo-scrypt.ts';
import { auditView, userIdOf } from '../../src-core/ledger/audit-view.ts';
import type { AuditFilter } from '../../src-shared/ledger/ledger-entry.ts';
import { auditCsv, auditPdf, sha256Hex, stationAuditRows } from '../../src-core/ledger/audit-export.ts';
import type { AuditRecord } from '../../src-core/ledger/audit-view.ts';
import { printText } from '../../src-shared/record/record-print-text.ts';
import { localOffset } from '../../src-shared/time/zoned-time.ts';
import { SOFTWARE_VERSION } from '../../src-shared/version.ts';
import { findReportFont } from '../qualify/report-font.ts';
import { parseLang } from './record-print.ts';
import { isKnownEntryType } from '../../src-shared/ledger/entry-types.ts';
import { cliInteger } from '../cli-number.ts';

export function registerLedgerCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description('re-check a station ledger offline: chain, hashes, signatures, certificates, checkpoints')
    .requiredOption('--db <path>', 'station database file')
    .option('--ca <pem>', 'site CA certificate to trust (default: the CA named in the ledger genesis)')
    .option('--json', 'print the result as JSON')
    .action((opts: { db: string; ca?: string; json?: boolean }) => {
      setExit(runVerify(opts, io));
    });

  program
    .command('demo')
    .description('create a TRAINING station database with demo users, master data and a completed, signed batch')
    .requiredOption('--db <path>', 'station database file to create')
    .action(async (opts: { db: string }) => {
      if (existsSync(opts.db)) return setExit(refuseIn(io, 'FILE_EXISTS', 'demoExists', { path: opts.db }, EXIT_USAGE));
      // A demo database is a training database: its accounts' password is public (demo-scrypt.ts).
      // Its CA, station and user keys are generated up front, in parallel (prefetched-keys.ts).
      // Steps: keys, station, then what seedDemo reports.
      const progress = startProgress(io, say(io, 'progressDemo'), 2 + DEMO_SEED_STEPS);
      let done = 0;
      const step = () => progress.update(++done);
      try {
        const keys = await prefetchKeys(DEMO_USERS.length + 1, { ca: true });
        step();
        const demo = async (station: Station) => {
          step();
          const summary = await seedDemo(station, step);
          station.ledger.checkpointNow();
          progress.stop();
          // The batch it ran and what seedDemo made (its own summary, as data).
          io.out(say(io, 'demoCreated', { station: station.stationId, path: opts.db, users: station.users.list().length, entries: station.ledger.count(), batch: DEMO_BATCH, summary }));
          return EXIT_OK;
        };
        // Training, for good: the demo's published passwords and simulated bench never make GMP data.
        setExit(await withStation(opts.db, io, demo, undefined, { scrypt: DEMO_SCRYPT_PARAMS, keys, identity: DEMO_IDENTITY, mode: 'training' }));
      } finally {
        progress.stop();
      }
    });

  program
    .command('audit')
    .description('filter the audit trail and export it as JSON (default), in words (--text), as CSV or PDF (who, when, where, what, old/new values)')
    .requiredOption('--db <path>', 'station database file')
    .option('--batch <ref>', 'only entries of this batch ("every change to batch X")')
    .option('--user <user>', 'only entries by this user (user name or user id), failed attempts on the account included')
    .option('--type <type...>', 'only these entry types')
    .option('--from <iso>', 'from this UTC time')
    .option('--to <iso>', 'to this UTC time')
    .option('--limit <n>', 'at most this many entries', '10000')
    .option('--json', 'print the entries as JSON (the default) and a refusal as { ok: false, error } JSON')
    .option('--text', 'print the entries in words, one per line, in --lang')
    .option('--pdf <file>', 'write the entries as a PDF (page n of m and the SHA-256 of the content on every page)')
    .option('--csv <file>', 'write the entries as CSV (UTF-8, the same words as the PDF)')
    .option('--lang <lang>', 'language of the words, the CSV and the PDF: en or zh-CN', 'en')
    .option('--font <file>', 'CJK font for the PDF (FILE or FILE#PostScriptName)')
    .action(async (opts: AuditOptions) => setExit(await runAudit(opts, io)));
}

interface AuditOptions {
  db: string;
  batch?: string;
  user?: string;
  type?: string[];
  from?: string;
  to?: string;
  limit: string;
  text?: boolean;
  pdf?: string;
  csv?: string;
  lang: string;
  font?: string;
}

async function runAudit(opts: AuditOptions, io: CliIo): Promise<number> {
  const lang = parseLang(opts.lang, io);
  if (!lang) return EXIT_USAGE;
  // FR-138: a misspelt type answered an empty trail with exit 0, as if nothing had happened.
  const unknownType = (opts.type ?? []).find((t) => !isKnownEntryType(t));
  if (unknownType !== undefined) {
    refuse(io, { code: 'ENTRY_TYPE_UNKNOWN', message: `--type "${unknownType}" is no ledger entry type (e.g. backup.created, correction.recorded)` });
    return EXIT_USAGE;
  }
  for (const [flag, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (v !== undefined && Number.isNaN(Date.parse(v))) {
      refuse(io, { code: 'INPUT_INVALID', message: `${flag} must be a date and time (ISO 8601, e.g. 2026-03-02T08:00:00Z), not "${v}"` });
      return EXIT_USAGE;
    }
  }
  const limit = cliInteger('--limit', opts.limit, 1);
  let records: AuditRecord[] = [];
  const opened = withReadonlyLedger(opts.db, io, (ledger) => {
    const filter: AuditFilter = { limit };
    if (opts.batch) filter.batchRef = opts.batch;
    if (opts.user) filter.actor = userIdOf(ledger, opts.user);
    if (opts.type) filter.types = opts.type;
    if (opts.from) filter.fromTime = new Date(opts.from).toISOString();
    if (opts.to) filter.toTime = new Date(opts.to).toISOString();
    records = auditView(ledger, filter);
    return EXIT_OK;
  });
  if (opened !== EXIT_OK) return opened;
  if (!opts.text && !opts.csv && !opts.pdf) {
    io.out(JSON.stringify(records, null, 2));
    return EXIT_OK;
  }
  const rows = stationAuditRows(records, lang);
  const t = printText(lang);
  const filterText = [
    opts.batch ? `${t.batch} ${opts.batch}` : null,
    opts.user ? `${t.by} ${opts.user}` : null,
    opts.type ? `${t.type} ${opts.type.join(', ')}` : null,
    opts.from || opts.to ? `${t.time} ${opts.from ?? '…'} – ${opts.to ?? '…'}` : null,
  ].filter((x) => x !== null).join('; ') || '—';
  if (opts.csv) {
    const csv = auditCsv(rows, lang);
    writeFileSync(opts.csv, csv);
    io.out(say(io, 'auditWroteCsv', { count: rows.length, lang, path: opts.csv, sha: sha256Hex(csv) }));
  }
  if (opts.pdf) {
    const font = findReportFont(opts.font ?? io.env.BATCHLINE_CJK_FONT);
    if (!font.path) io.err(say(io, 'noCjkFont', { lookedFor: font.lookedFor }));
    const now = new Date();
    const out = await auditPdf(rows, { locale: lang, font, title: opts.batch ?? basename(opts.db), filter: filterText, printedBy: `${userInfo().username} (OS)`, printedAt: now, printedAtOffset: localOffset(now), softwareVersion: SOFTWARE_VERSION });
    writeFileSync(opts.pdf, out.pdf);
    io.out(say(io, 'auditWrotePdf', { count: rows.length, lang, path: opts.pdf, hash: out.contentHash }));
  }
  if (opts.text) for (const r of rows) io.out(`${r.ref}  ${r.time}  ${r.who}  ${r.what}${r.batch ? `  [${r.batch}]` : ''}${r.change ? `\n    ${r.change}` : ''}`);
  return EXIT_OK;
}

/** Below this many entries verify takes about a second at most: no progress shown. */
const VERIFY_PROGRESS_FROM = 20_000;

export function runVerify(opts: { db: string; ca?: string; json?: boolean }, io: CliIo): number {
  try {
    return withReadonlyLedger(opts.db, io, (ledger) => verifyOpened(ledger, opts, io));
  } catch (e) {
    io.err(say(io, 'verifyUnreadable', { reason: (e as Error).message }));
    return EXIT_FAILED;
  }
}

function verifyOpened(ledger: LedgerStore, opts: { ca?: string; json?: boolean }, io: CliIo): number {
  const total = ledger.count();
  const progress = total >= VERIFY_PROGRESS_FROM ? startProgress(io, say(io, 'progressVerify'), total) : null;
  let result;
  try {
    result = verifyLedger({
      entries: progress ? counted(ledger.iterate(), progress) : ledger.iterate(),
      checkpoints: ledger.checkpoints(),
      ...(opts.ca ? { trustAnchorPem: readFileSync(opts.ca, 'utf8') } : {}),
    });
  } finally {
    progress?.stop();
  }
  // FR-149: the code's words in --lang beside the verifier's reason (`message` in the JSON, which keeps its flat shape).
  if (opts.json) io.out(JSON.stringify(result.ok ? { ok: true, ...result.value } : { ok: false, ...result.error, ...wordsOf(result.error.code, io) }));
  if (!result.ok) {
    const refusal = refusalText(io, { code: result.error.code, message: result.error.reason });
    if (!opts.json) io.err(result.error.seq === null ? say(io, 'verifyFailed', { refusal }) : say(io, 'verifyFailedAt', { seq: result.error.seq, refusal }));
    return EXIT_FAILED;
  }
  const v = result.value;
  if (!opts.json) io.out(say(io, 'verified', { entries: v.entries, signatures: v.signatures, checkpoints: v.checkpoints }));
  return EXIT_OK;
}

function wordsOf(code: string, io: CliIo): { message?: string } {
  const words = errorWords(code, io.lang ?? 'en');
  return words === undefined ? {} : { message: words };
}
