/** `batchline backup` and `batchline restore` (EU GMP Annex 11 §7.2). */
import { systemFailureWords } from '../cli-failure.ts';
import { printFailure, printWordedFailure, refusalText, refuse } from '../cli-io.ts';
import { refuseIn, say } from '../cli-words.ts';
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
    .option('--lang <lang>', 'language of a refusal: en or zh-CN', 'en')
    .option('--json', 'print a refusal as { ok: false, error } JSON')
    .action(async (opts: { db: string; out: string; lang: string }) => {
      if (!existsSync(opts.db)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchDatabase', { path: opts.db }, EXIT_USAGE));
      setExit(
        await withStation(opts.db, io, async (station) => {
          const progress = progressFrom(io, say(io, 'progressVerifyingBackup'), PROGRESS_FROM);
          const r = await backupStation(station, null, opts.out, progress.report).finally(progress.stop);
          if (!r.ok) {
            // FR-138: a folder the system refuses is said in --lang, like every other file refusal, and exits 2.
            const errno = r.error.code === 'IO_ERROR' ? r.error.details?.['errno'] : undefined;
            if (typeof errno === 'string') {
              const path = typeof r.error.details?.['path'] === 'string' ? r.error.details['path'] : undefined;
              return printWordedFailure(io, io.json, { ...r.error, message: systemFailureWords(errno, path, opts.lang === 'zh-CN' ? 'zh-CN' : 'en') }, EXIT_USAGE);
            }
            refuse(io, r.error);
            // A file the system refused mid-copy (a full disk, recorded as backup.failed) is exit 2 too.
            return r.error.code === 'IO_ERROR' ? EXIT_USAGE : EXIT_FAILED;
          }
          io.out(say(io, 'backupWritten', { path: opts.out, entries: r.value.entries, seq: r.value.head.seq, hash: r.value.head.hash.slice(0, 16), sha: r.value.sha256 }));
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
      // FR-155: first what can be checked without the secret (the backup and its manifest are there,
      // the target is new), so an operator is not sent for the secret of a restore that cannot run.
      for (const file of [opts.backup, `${opts.backup}.manifest.json`]) {
        if (!existsSync(file)) return setExit(refuseIn(io, 'FILE_NOT_FOUND', 'noSuchFile', { path: file }, EXIT_USAGE));
      }
      if (existsSync(opts.db)) return setExit(refuseIn(io, 'FILE_EXISTS', 'restoreTargetExists', { path: opts.db }, EXIT_USAGE));
      const secret = io.env.BATCHLINE_STATION_SECRET ?? (opts.secretOf && existsSync(`${opts.secretOf}.secret`) ? readFileSync(`${opts.secretOf}.secret`, 'utf8').trim() : undefined);
      if (!secret) return setExit(refuseIn(io, 'USAGE_INVALID', 'restoreNeedsSecret', {}, EXIT_USAGE));
      const progress = progressFrom(io, say(io, 'progressVerifyingBackup'), PROGRESS_FROM);
      let restored;
      try {
        restored = restoreStation(opts.backup, opts.db, progress.report);
      } finally {
        progress.stop();
      }
      if (!restored.ok) {
        // FR-149: the code's words in --lang, the internal message as the detail; JSON with --json.
        if (io.json) return setExit(printFailure(io, true, restored.error, EXIT_FAILED));
        io.err(say(io, 'restoreRefused', { refusal: refusalText(io, restored.error) }));
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
            refuse(io, recorded.error);
            return EXIT_FAILED;
          }
          recordedRestore = true;
          io.out(say(io, 'restored', { backup: opts.backup, db: opts.db, seq: restored.value.head.seq }));
          return EXIT_OK;
        },
        secret,
      );
      // FR-137: a restored database whose restore the ledger did not record (it would not open, or
      // refused the entry) is removed, so no station runs from a restore its record does not show.
      if (!recordedRestore) {
        const removed = removeRestored(opts.db);
        if (secretFile) rmSync(secretFile, { force: true });
        io.err(say(io, removed ? 'restoreUndone' : 'restoreNotRecorded', { db: opts.db }));
      }
      setExit(exit);
    });
}
