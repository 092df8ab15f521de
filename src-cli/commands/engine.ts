/**
 * Guided weigh & dispense from the command line (issue 4):
 *   batchline order import FILE --db F      import orders from JSON or B2MML XML
 *   batchline orders --db F                 the work queue
 *   batchline record --db F --batch B       the batch record (--json for the data itself)
 *   batchline run-order --db F --batch B    run a whole order headless on the simulated bench
 */
import { refuse } from '../cli-io.ts';
import { refuseIn, say } from '../cli-words.ts';
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { passwordFromEnv } from '../cli-password.ts';
import { createStation, type Station } from '../../src-main/compose.ts';
import { loadStationSecret } from '../../src-main/station-secret.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { sqliteUserDirectory } from '../../src-main/db/user-directory.ts';
import { sqliteOrderQueue } from '../../src-main/db/dispensing-order-repo.ts';
import { systemClock } from '../../src-core/clock.ts';
import { parseOrderFile } from '../../src-main/core/orders/order-import.ts';
import { buildBatchRecord } from '../../src-core/record/batch-record.ts';
import { SettingsService } from '../../src-main/core/settings/settings-service.ts';
import { checkBalance } from '../../src-main/core/engine/equipment-checks.ts';
import { benchFromMasterData, performDailyChecks } from '../../src-main/dispensing/bench-setup.ts';
import { runOrder } from '../../src-main/dispensing/headless-runner.ts';
import { DEMO_PASSWORD } from '../../src-main/demo/seed-demo.ts';
import { formatMass } from '../../src-shared/mass.ts';
import type { BatchRecord, RecordEvent } from '../../src-shared/orders/batch-record.ts';
import { describeEntry } from '../../src-shared/record/record-line.ts';
import { renderRecordLine } from '../../src-shared/record/record-line-text.ts';
import { formatAtOffset } from '../../src-shared/time/zoned-time.ts';
import type { BatchlineError } from '../../src-shared/result.ts';
import { downloadRecordPdf, parseLang, writeRecordPdf } from './record-print.ts';
import { cliOptionalInteger } from '../cli-number.ts';

type SetExit = (code: number) => void;

export function registerEngineCommands(program: Command, io: CliIo, setExit: SetExit): void {
  const fail = (e: BatchlineError, code = EXIT_FAILED) => (refuse(io, e), setExit(code));

  program
    .command('order')
    .description('dispensing orders')
    .command('import <file>')
    .description('import orders from a JSON file or an ISA-95 B2MML production schedule (XML)')
    .requiredOption('--db <path>', 'station database file')
    .action((file: string, opts: { db: string }) => {
      if (!existsSync(file)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchFile', { path: file }, EXIT_USAGE));
      const text = readFileSync(file, 'utf8');
      const parsed = parseOrderFile(text);
      if (!parsed.ok) return fail(parsed.error);
      withStation(opts.db, io, setExit, (station) => {
        const imported = station.orderIntake.importOrders(parsed.value.orders, { kind: parsed.value.format, fileName: basename(file), content: text }, null);
        if (!imported.ok) return fail(imported.error);
        for (const o of imported.value) io.out(say(io, 'orderImported', { batch: o.batchNumber, product: o.productCode, size: formatMass(o.batchSize), recipe: o.recipeCode, version: o.recipeVersion }));
        setExit(EXIT_OK);
      });
    });

  program
    .command('orders')
    .description('list the dispensing work queue')
    .requiredOption('--db <path>', 'station database file')
    .option('--json', 'print JSON')
    .action((opts: { db: string; json?: boolean }) => {
      readOnly(opts.db, io, setExit, (db) => {
        const rows = sqliteOrderQueue(db.sqlite).list();
        if (opts.json) io.out(JSON.stringify(rows, null, 2));
        else for (const r of rows) io.out(say(io, r.boothId ? 'orderRowBooth' : 'orderRow', { batch: r.batchNumber.padEnd(14), status: r.status.padEnd(12), product: r.productCode, size: formatMass(r.batchSize), recipe: r.recipeCode, version: r.recipeVersion, booth: r.boothId ?? '' }));
        setExit(EXIT_OK);
      });
    });

  program
    .command('record')
    .description('print the batch record of an order (every step, value, device, lot, signature and deviation), as text, JSON or PDF')
    .option('--db <path>', 'station database file')
    .requiredOption('--batch <batch>', 'batch number')
    .option('--json', 'print the record as JSON')
    .option('--pdf <file>', 'write the record as a PDF (page n of m, record hash and printed-by on every page)')
    .option('--lang <lang>', 'language of the PDF: en or zh-CN', 'en')
    .option('--font <file>', 'CJK font for the PDF (FILE or FILE#PostScriptName; default: an installed Noto CJK / YaHei / PingFang)')
    .option('--hub <url>', 'take the record from the hub (with --pdf): the record as the hub verified it')
    .option('--user <name>', 'with --hub: hub account (password in BATCHLINE_PASSWORD); with --db: who prints it (a station user name)')
    .action(async (opts: { db?: string; batch: string; json?: boolean; pdf?: string; lang: string; font?: string; hub?: string; user?: string }) => {
      const lang = parseLang(opts.lang, io);
      if (!lang) return setExit(EXIT_USAGE);
      if (opts.hub) {
        if (!opts.pdf) return setExit(refuseIn(io, 'USAGE_INVALID', 'recordHubNeedsPdf', {}, EXIT_USAGE));
        return setExit(await downloadRecordPdf({ hub: opts.hub, batch: opts.batch, pdf: opts.pdf, lang, ...(opts.user ? { user: opts.user } : {}) }, io));
      }
      if (!opts.db) return setExit(refuseIn(io, 'USAGE_INVALID', 'recordGiveDb', {}, EXIT_USAGE));
      let record: BatchRecord | null = null;
      let printedBy: string | undefined;
      readOnly(opts.db, io, setExit, (db) => {
        const ledger = new LedgerStore(db.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
        const entries = ledger.query({ batchRef: opts.batch, limit: Number.MAX_SAFE_INTEGER });
        if (entries.length === 0) return fail({ code: 'ORDER_UNKNOWN', message: `no batch ${opts.batch} in ${opts.db}` });
        const users = sqliteUserDirectory(db.sqlite);
        record = buildBatchRecord(opts.batch, entries, { user: (id) => users.byId(id), configVersionAt: new SettingsService(ledger).versionIndex() });
        if (opts.user) {
          const u = users.byUsername(opts.user);
          printedBy = u ? `${u.printedName} (${u.username})` : opts.user;
        }
        if (opts.pdf) return;
        if (opts.json) io.out(JSON.stringify(record, null, 2));
        else printRecord(record, lang, io);
        setExit(EXIT_OK);
      });
      if (record && opts.pdf) setExit(await writeRecordPdf(record, opts.pdf, lang, printedBy, opts.font, io));
    });

  program
    .command('run-order')
    .description('run a whole order without a screen on the simulated bench (operator and supervisor scripted)')
    .requiredOption('--db <path>', 'station database file')
    .requiredOption('--batch <batch>', 'batch number')
    .option('--booth <id>', 'booth to dispense in', 'BOOTH-1')
    .option('--operator <username>', 'operator who dispenses and signs', 'op.li')
    .option('--supervisor <username>', 'supervisor who co-signs and approves', 'sup.wang')
    .option('--max-commands <n>', 'stop after this many commands (leaves the order in progress)')
    .option('--progress', 'print one line per command')
    .action(async (opts: { db: string; batch: string; booth: string; operator: string; supervisor: string; maxCommands?: string; progress?: boolean }) => {
      // FR-138: "abc" ran with NaN (no limit), "-5" and "1.5" were taken.
      const maxCommands = cliOptionalInteger('--max-commands', opts.maxCommands, 1, 999_999_999);
      const password = passwordFromEnv(io) ?? DEMO_PASSWORD;
      await withStationAsync(opts.db, io, setExit, async (station) => {
        const bench = station.bench;
        if (station.mode !== 'training') return fail({ code: 'STATION_PRODUCTION_ONLY', message: 'run-order weighs on the simulated bench: training stations only' }, EXIT_USAGE);
        if (!bench) return fail({ code: 'BALANCE_UNKNOWN', message: 'this station has real balances configured; run-order needs the simulated bench' }, EXIT_USAGE);
        const ids = benchFromMasterData(bench, station, opts.booth);
        const session = station.auth.login(opts.operator, password);
        if (!session.ok) return fail(session.error);
        const now = station.clock.now();
        const unchecked = ids.filter((id) => {
          const b = station.masterData.reader.get('balance', id)!;
          const gate = checkBalance(b, station.masterData.reader.lastBalanceCheck(id), now);
          return !gate.ok && gate.error.code === 'BALANCE_CHECK_MISSING';
        });
        const checked = await performDailyChecks(station, session.value.sessionId, bench, unchecked);
        if (!checked.ok) return fail(checked.error);
        const run = await runOrder(station, {
          batchNumber: opts.batch,
          boothId: opts.booth,
          operator: { username: opts.operator, password },
          supervisor: { username: opts.supervisor, password },
          bench,
          wait: (ms) => new Promise((r) => setTimeout(r, ms)),
          ...(maxCommands !== undefined ? { maxCommands } : {}),
          ...(opts.progress ? { onCommand: (cmd, view) => io.out(say(io, 'runOrderCommand', { seq: view.lastSeq, step: view.current?.stepId ?? '-', command: cmd.type })) } : {}),
        });
        if (!run.ok) return fail(run.error);
        const v = run.value.view;
        io.out(say(io, 'runOrderDone', { batch: opts.batch, status: v.status, done: v.progress.done, total: v.progress.total, commands: run.value.commands, entries: run.value.appended }));
        setExit(EXIT_OK);
      });
    });
}

function withStation(db: string, io: CliIo, setExit: SetExit, f: (s: Station) => void): void {
  if (!existsSync(db)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: db }, EXIT_USAGE));
  const station = createStation({ dbPath: db, stationSecret: (mayCreate) => loadStationSecret(db, io.env, mayCreate) });
  if (!station.ok) return (refuse(io, station.error), setExit(EXIT_FAILED));
  try {
    f(station.value);
  } finally {
    station.value.close();
  }
}

async function withStationAsync(db: string, io: CliIo, setExit: SetExit, f: (s: Station) => Promise<void>): Promise<void> {
  if (!existsSync(db)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: db }, EXIT_USAGE));
  const station = createStation({ dbPath: db, stationSecret: (mayCreate) => loadStationSecret(db, io.env, mayCreate) });
  if (!station.ok) return (refuse(io, station.error), setExit(EXIT_FAILED));
  try {
    await f(station.value);
  } finally {
    station.value.close();
  }
}

function readOnly(db: string, io: CliIo, setExit: SetExit, f: (db: { sqlite: import('better-sqlite3').Database }) => void): void {
  if (!existsSync(db)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: db }, EXIT_USAGE));
  const opened = openStationDb(db, { readonly: true });
  if (!opened.ok) return (refuse(io, opened.error), setExit(EXIT_USAGE));
  try {
    f(opened.value);
  } finally {
    opened.value.close();
  }
}

function printRecord(r: BatchRecord, lang: 'en' | 'zh-CN', io: CliIo): void {
  const o = r.order;
  // Every time at the offset the station recorded in its entry, the zone named, never a raw ISO
  // string (issue 18 item 9); each line rendered from its entry with the times inside it alike,
  // in --lang (FR-155: the record's line words are the printed record's, en and zh-CN).
  const at = (ev: { time: string; tzOffset: string }) => formatAtOffset(ev.time, ev.tzOffset, lang);
  const said = (ev: RecordEvent) => renderRecordLine(describeEntry(ev.type, ev.data, ev.correctionNotApplied), lang, (iso) => formatAtOffset(iso, ev.tzOffset, lang));
  const title = { batch: r.batchNumber, status: r.status };
  io.out(o ? say(io, 'recordTitleOrder', { ...title, product: o.productCode, size: formatMass(o.batchSize), recipe: o.recipeCode, version: o.recipeVersion }) : say(io, 'recordTitle', title));
  for (const ev of [r.imported, r.started].filter((x) => x !== null)) io.out(say(io, 'recordEvent', { seq: ev.seq, at: at(ev), line: said(ev) }));
  for (const s of r.steps) {
    io.out(say(io, 'recordStep', { step: s.stepId, name: s.name, type: s.type, status: s.status }));
    for (const ev of s.events) {
      io.out(say(io, 'recordStepEvent', { seq: ev.seq, at: at(ev), user: ev.by?.username ?? '-', line: said(ev) }));
      for (const sig of ev.signatures) io.out(say(io, 'recordSignature', { manifestation: sig.manifestation }));
    }
  }
  for (const c of r.configVersions ?? []) io.out(say(io, 'recordConfigVersion', { version: c.version, seq: c.fromSeq, entries: c.entries }));
  for (const d of r.deviations) {
    const deviation = { id: d.deviationId, category: d.category, status: d.status, reason: d.reason };
    io.out(d.approval ? say(io, 'recordDeviationApproved', { ...deviation, approval: d.approval.manifestation }) : say(io, 'recordDeviation', deviation));
  }
  for (const ev of r.refusals) io.out(say(io, 'recordRefused', { seq: ev.seq, at: at(ev), user: ev.by?.username ?? '-', line: said(ev) }));
  if (r.completed) io.out(say(io, 'recordCompleted', { seq: r.completed.seq, at: at(r.completed), line: said(r.completed) }));
}
