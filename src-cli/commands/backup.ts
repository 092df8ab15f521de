/** `batchline backup` and `batchline restore` (EU GMP Annex 11 §7.2). */
import type { Command } from 'commander';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { CliIo } from '../cli-io.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli-io.ts';
import { backupStation, recordRestore, removeRestored, restoreStation } from '../../src-main/backup/station-backup.ts';
import { withStation } from '../open-station.ts';
import { progressFrom } from '../progress.ts';

/** Ledgers from this many entries show progress while the backup is verified. */
const PROGRESS_FROM = 20_000;

export function registerBackupCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('backup')
    .description('online backup of a station database, verified, with a SHA-256 manifest; recorded in the ledger')
    .requiredOption('--db <path>', 'station database')
    .requiredOption('--out <file>', 'backup file to create (never overwritten)')
    .action(async (opts: { db: string; out: string }) => {
      if (!existsSync(opts.db)) {
        io.err(`no such database: ${opts.db}`);
        return setExit(EXIT_USAGE);
      }
      setExit(
        await withStation(opts.db, io, async (station) => {
          const progress = progressFrom(io, 'verifying the backup', PROGRESS_FROM);
          const r = await backupStation(station, null, opts.out, progress.report).finally(progress.stop);
          if (!r.ok) {
            // A file the system refused (a folder it cannot write, a disk full mid-copy) is exit 2, as for every command's files (FR-138).
            io.err(`${r.error.code}: ${r.error.message}`);
            return r.error.code === 'IO_ERROR' ? EXIT_USAGE : EXIT_FAILED;
          }
          io.out(`backup ${opts.out}: ${r.value.entries} entries, head ${r.value.head.seq} ${r.value.head.hash.slice(0, 16)}…, sha256 ${r.value.sha256}`);
          return EXIT_OK;
        }),
      );
    });

  program
    .command('restore')
    .description('check a backup against its manifest and the ledger rules, restore it into a NEW file, record the restore')
    .requiredOption('--backup <file>', 'backup file (its .manifest.json beside it)')
    .requiredOption('--db <path>', 'new station database file to create')
    .option('--secret-of <db>', 'the original station database whose secret opens the keystore (or BATCHLINE_STATION_SECRET)')
    .action(async (opts: { backup: string; db: string; secretOf?: string }) => {
      const secret = io.env.BATCHLINE_STATION_SECRET ?? (opts.secretOf && existsSync(`${opts.secretOf}.secret`) ? readFileSync(`${opts.secretOf}.secret`, 'utf8').trim() : undefined);
      if (!secret) {
        io.err('restore needs the station secret: pass --secret-of ORIGINAL.db or set BATCHLINE_STATION_SECRET');
        return setExit(EXIT_USAGE);
      }
      const progress = progressFrom(io, 'verifying the backup', PROGRESS_FROM);
      let restored;
      try {
        restored = restoreStation(opts.backup, opts.db, progress.report);
      } finally {
        progress.stop();
      }
      if (!restored.ok) {
        io.err(`restore REFUSED: ${restored.error.code}: ${restored.error.message}`);
        return setExit(EXIT_FAILED);
      }
      const secretFile = io.env.BATCHLINE_STATION_SECRET ? null : `${opts.db}.secret`;
      if (secretFile) writeFileSync(secretFile, secret + '\n', { mode: 0o600, flag: 'wx' });
      let recordedRestore = false;
      const exit = await withStation(
        opts.db,
        io,
        (station) => {
          const recorded = recordRestore(station, null, restored.value);
          if (!recorded.ok) {
            io.err(`${recorded.error.code}: ${recorded.error.message}`);
            return EXIT_FAILED;
          }
          recordedRestore = true;
          io.out(`restored ${opts.backup} into ${opts.db}: head ${restored.value.head.seq}, restore recorded`);
          return EXIT_OK;
        },
        secret,
      );
      // FR-137: a restored database whose restore the ledger did not record (it would not open, or
      // refused the entry) is removed, so no station runs from a restore its record does not show.
      if (!recordedRestore) {
        const removed = removeRestored(opts.db);
        if (secretFile) rmSync(secretFile, { force: true });
        io.err(removed ? `restore undone: ${opts.db} removed, as its restore could not be recorded` : `restore not recorded: remove ${opts.db} before using it`);
      }
      setExit(exit);
    });
}
