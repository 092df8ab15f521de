/**
 * Ledger commands for QA and IT: `verify` (re-check a whole station database offline),
 * `demo` (make a realistic demo station), `audit` (filter and export the audit trail).
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { openStationDb } from '../../src-main/db/open-station-db.ts';
import { LedgerStore } from '../../src-main/db/ledger-store.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { systemClock } from '../../src-core/clock.ts';
import { withStation } from '../open-station.ts';
import type { Station } from '../../src-main/compose.ts';
import { counted, startProgress } from '../progress.ts';
import { DEMO_IDENTITY, DEMO_SEED_STEPS, DEMO_USERS, seedDemo } from '../../src-main/demo/seed-demo.ts';
import { prefetchKeys } from '../../src-core/pki/prefetched-keys.ts';
import { DEMO_SCRYPT_PARAMS } from '../../src-main/demo/demo-scrypt.ts';
import { auditView, userIdOf } from '../../src-core/ledger/audit-view.ts';
import type { AuditFilter } from '../../src-shared/ledger/ledger-entry.ts';

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
      if (existsSync(opts.db)) {
        io.err(`refusing to overwrite ${opts.db}: demo creates a new database`);
        return setExit(EXIT_USAGE);
      }
      // A demo database is a training database: its accounts' password is public (demo-scrypt.ts).
      // Its CA, station and user keys are generated up front, in parallel (prefetched-keys.ts).
      // Steps: keys, station, then what seedDemo reports.
      const progress = startProgress(io, 'demo', 2 + DEMO_SEED_STEPS);
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
          io.out(`demo station ${station.stationId} (training) created in ${opts.db}: ${summary}`);
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
    .description('filter the audit trail and export it as JSON (who, when, where, what, old/new values)')
    .requiredOption('--db <path>', 'station database file')
    .option('--batch <ref>', 'only entries of this batch')
    .option('--user <user>', 'only entries by this user (user name or user id), failed attempts on the account included')
    .option('--type <type...>', 'only these entry types')
    .option('--from <iso>', 'from this UTC time')
    .option('--to <iso>', 'to this UTC time')
    .option('--limit <n>', 'at most this many entries', '10000')
    .action((opts: { db: string; batch?: string; user?: string; type?: string[]; from?: string; to?: string; limit: string }) => {
      const opened = openStationDb(opts.db, { readonly: true });
      if (!opened.ok) {
        io.err(`${opened.error.code}: ${opened.error.message}`);
        return setExit(EXIT_USAGE);
      }
      try {
        const ledger = new LedgerStore(opened.value.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
        const filter: AuditFilter = { limit: Number(opts.limit) };
        if (opts.batch) filter.batchRef = opts.batch;
        if (opts.user) filter.actor = userIdOf(ledger, opts.user);
        if (opts.type) filter.types = opts.type;
        if (opts.from) filter.fromTime = opts.from;
        if (opts.to) filter.toTime = opts.to;
        io.out(JSON.stringify(auditView(ledger, filter), null, 2));
        setExit(EXIT_OK);
      } finally {
        opened.value.close();
      }
    });
}

/** Below this many entries verify takes about a second at most: no progress shown. */
const VERIFY_PROGRESS_FROM = 20_000;

export function runVerify(opts: { db: string; ca?: string; json?: boolean }, io: CliIo): number {
  if (!existsSync(opts.db)) {
    io.err(`no such database: ${opts.db}`);
    return EXIT_USAGE;
  }
  const opened = openStationDb(opts.db, { readonly: true });
  if (!opened.ok) {
    io.err(`${opened.error.code}: ${opened.error.message}`);
    return EXIT_USAGE;
  }
  try {
    const ledger = new LedgerStore(opened.value.sqlite, { stationId: '', clock: systemClock(), projectors: new Map() });
    const total = ledger.count();
    const progress = total >= VERIFY_PROGRESS_FROM ? startProgress(io, 'verify', total) : null;
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
    if (opts.json) io.out(JSON.stringify(result.ok ? { ok: true, ...result.value } : { ok: false, ...result.error }));
    if (!result.ok) {
      const where = result.error.seq === null ? '' : ` at entry ${result.error.seq}`;
      if (!opts.json) io.err(`verification FAILED${where}: ${result.error.code}: ${result.error.reason}`);
      return EXIT_FAILED;
    }
    const v = result.value;
    if (!opts.json) io.out(`verified ${v.entries} entries, ${v.signatures} signatures, ${v.checkpoints} checkpoints`);
    return EXIT_OK;
  } catch (e) {
    io.err(`verification FAILED: the database cannot be read as a ledger: ${(e as Error).message}`);
    return EXIT_FAILED;
  } finally {
    opened.value.close();
  }
}
