/**
 * Backups and restores of a station database (EU GMP Annex 11 §7.2; COMPLIANCE A11-13).
 * A backup is SQLite's online backup of a live database plus a manifest holding the file's
 * SHA-256 and the ledger head; it is verified (`verifyLedger`) before it is called good.
 * A restore refuses a file whose hash differs from its manifest or whose ledger does not
 * verify, and is itself recorded in the restored ledger.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import { systemFailureWords } from '../../src-shared/errors/system-failure.ts';
import type { LedgerHead } from '../../src-shared/ledger/ledger-entry.ts';
import { LedgerStore } from '../db/ledger-store.ts';
import { verifyLedger } from '../../src-core/ledger/ledger-verifier.ts';
import { systemClock } from '../../src-core/clock.ts';
import type { Station } from '../compose.ts';

export interface BackupManifest {
  format: 'batchline-station-backup/1';
  file: string;
  sha256: string;
  stationId: string;
  head: LedgerHead;
  entries: number;
  signatures: number;
  createdAt: string;
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Entries verified so far of the total; verification is most of a backup's or restore's time. */
export type VerifyProgress = (entriesDone: number, entriesTotal: number) => void;

function* reporting<T>(items: Iterable<T>, total: number, progress: VerifyProgress): Generator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % 1_000 === 0) progress(n, total);
  }
  progress(n, total);
}

/** Verifies the ledger inside a database file without migrating or writing it. */
export function verifyDatabaseFile(path: string, progress?: VerifyProgress): Result<{ head: LedgerHead; entries: number; signatures: number; stationId: string }> {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const ledger = new LedgerStore(db, { stationId: '', clock: systemClock(), projectors: new Map() });
    const entries = progress ? reporting(ledger.iterate(), ledger.count(), progress) : ledger.iterate();
    const result = verifyLedger({ entries, checkpoints: ledger.checkpoints() });
    if (!result.ok) return err(result.error.code, `backup does not verify at entry ${result.error.seq ?? '?'}: ${result.error.reason}`);
    const head = ledger.head();
    if (!head) return err('CHAIN_BROKEN', 'backup holds an empty ledger');
    const stationId = ledger.bySeq(1)!.stationId;
    return ok({ head, entries: result.value.entries, signatures: result.value.signatures, stationId });
  } catch (e) {
    return err('IO_ERROR', `cannot read ${path} as a station database: ${(e as Error).message}`);
  } finally {
    db?.close();
  }
}

/**
 * Records the backup in the ledger, copies the live database online, verifies the copy, writes the
 * manifest. The ledger says "backup written" before the copy (the backup holds its own entry), so
 * a copy, verification or manifest that fails after it (a full disk, a copy that does not verify)
 * is undone and recorded (FR-137): the partial file and manifest are removed and a
 * `backup.failed` entry names the file, the `backup.created` entry and the typed error, which is
 * returned (a file the system refused is IO_ERROR).
 */
export async function backupStation(station: Station, actorId: string | null, outFile: string, progress?: VerifyProgress): Promise<Result<BackupManifest>> {
  const manifestFile = `${outFile}.manifest.json`;
  if (existsSync(outFile)) return err('CONFLICT', `${outFile} exists; a backup never overwrites another`);
  if (existsSync(manifestFile)) return err('CONFLICT', `${manifestFile} exists; a backup never overwrites another`);
  // The ledger records "backup written" before the copy (the backup holds its own entry): a folder
  // that cannot take the file must be refused first, or the record names a backup that never
  // existed (FR-138; a folder that did not exist left such an entry and a stack trace).
  const folder = writableFolder(outFile);
  if (!folder.ok) return folder;
  const head = station.ledger.head();
  if (!head) return err('CHAIN_BROKEN', 'nothing to back up');
  const recorded = station.ledger.append([{ type: 'backup.created', actor: actorId, payload: { file: basename(outFile), precedingSeq: head.seq, precedingHash: head.hash } }]);
  if (!recorded.ok) return recorded;
  const backupSeq = recorded.value[0]!.seq;
  let manifestWritten = false;
  let written: Result<BackupManifest>;
  try {
    station.ledger.checkpointNow();
    await station.db.sqlite.backup(outFile);
    const checked = verifyDatabaseFile(outFile, progress);
    if (checked.ok) {
      const manifest: BackupManifest = {
        format: 'batchline-station-backup/1',
        file: basename(outFile),
        sha256: sha256File(outFile),
        stationId: checked.value.stationId,
        head: checked.value.head,
        entries: checked.value.entries,
        signatures: checked.value.signatures,
        createdAt: station.clock.now().toISOString(),
      };
      const fd = openSync(manifestFile, 'wx');
      manifestWritten = true;
      try {
        writeFileSync(fd, JSON.stringify(manifest, null, 2) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      written = ok(manifest);
    } else {
      written = checked;
    }
  } catch (e) {
    written = { ok: false, error: backupFailure(e, outFile) };
  }
  if (written.ok) return written;
  return backupFailed(station, actorId, outFile, manifestWritten ? [outFile, manifestFile] : [outFile], backupSeq, written.error);
}

/** The typed error of a copy or manifest that threw: a file the system refused is IO_ERROR. */
function backupFailure(e: unknown, outFile: string): BatchlineError {
  const x = e as NodeJS.ErrnoException;
  // better-sqlite3's backup rejects with SQLite's code (SQLITE_FULL, SQLITE_IOERR_WRITE…), fs with an errno.
  const errno = typeof x?.code === 'string' ? (x.code.startsWith('SQLITE_FULL') ? 'ENOSPC' : x.code) : 'EIO';
  return { code: 'IO_ERROR', message: `the backup ${outFile} could not be written: ${(e as Error)?.message ?? String(e)}`, details: { errno, path: x?.path ?? outFile } };
}

/** Removes what a failed backup left and records that the backup `backupSeq` announced was not written. */
function backupFailed(station: Station, actorId: string | null, outFile: string, files: string[], backupSeq: number, error: BatchlineError): Result<never> {
  let removed = true;
  for (const f of [...files, `${outFile}-journal`]) {
    try {
      rmSync(f, { force: true });
    } catch {
      removed = false;
    }
  }
  const noted = station.ledger.append([{ type: 'backup.failed', actor: actorId, payload: { file: basename(outFile), backupSeq, code: error.code, message: error.message.slice(0, 2000), removed } }]);
  // A ledger that cannot take this entry either (the same full disk) keeps the `backup.created`
  // alone; the caller still gets the backup's own error, and that the failure is unrecorded.
  if (!noted.ok) return { ok: false, error: { ...error, details: { ...error.details, failureRecorded: false, recordError: noted.error.code } } };
  return { ok: false, error: { ...error, details: { ...error.details, backupSeq, failureSeq: noted.value[0]!.seq } } };
}

/**
 * The backup's folder exists and may be written, or IO_ERROR in the words the CLI uses for every
 * file the system refuses (src-shared/errors/system-failure.ts, FR-138), with `details.errno` and
 * `details.path` so a caller can say it in another language (systemFailureWords).
 */
function writableFolder(outFile: string): Result<void> {
  const folder = dirname(outFile);
  const refused = (errno: string) => err('IO_ERROR', systemFailureWords(errno, folder, 'en'), { errno, path: folder });
  try {
    if (!statSync(folder).isDirectory()) return refused('ENOTDIR');
    accessSync(folder, constants.W_OK);
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (typeof errno !== 'string') throw e;
    return refused(errno);
  }
  return ok(undefined);
}

/**
 * Checks a backup against its manifest and the ledger rules, then copies it to `targetDb`
 * (which must not exist: restoring over a live record would hide what happened to it).
 */
export function restoreStation(backupFile: string, targetDb: string, progress?: VerifyProgress): Result<BackupManifest> {
  const manifestPath = `${backupFile}.manifest.json`;
  if (!existsSync(backupFile) || !existsSync(manifestPath)) return err('NOT_FOUND', `need ${backupFile} and ${manifestPath}`);
  if (existsSync(targetDb)) return err('CONFLICT', `${targetDb} exists; restore into a new file and keep the old one for the investigation`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  } catch {
    return err('INPUT_INVALID', 'the backup manifest is not JSON');
  }
  const actual = sha256File(backupFile);
  if (actual !== manifest.sha256) return err('HASH_MISMATCH', `backup file hash ${actual.slice(0, 12)}… differs from its manifest ${String(manifest.sha256).slice(0, 12)}…: the backup was changed`);
  const checked = verifyDatabaseFile(backupFile, progress);
  if (!checked.ok) return checked;
  if (checked.value.head.hash !== manifest.head.hash || checked.value.head.seq !== manifest.head.seq) {
    return err('HASH_MISMATCH', 'the backup ledger head differs from its manifest');
  }
  try {
    copyFileSync(backupFile, targetDb);
  } catch (e) {
    // A copy that failed part way (a full disk) leaves no partial database that could be opened
    // as the restored station (FR-137); the system's error goes on to the caller (FR-138).
    rmSync(targetDb, { force: true });
    throw e;
  }
  return ok(manifest);
}

/**
 * After a restore, the first entry on the restored station says so. It follows the copy (it is
 * an entry of the restored ledger); a restore whose entry is refused is undone by the caller
 * (`removeRestored`), so no restored database exists without its record (FR-137).
 */
export function recordRestore(station: Station, actorId: string | null, manifest: BackupManifest): Result<void> {
  const r = station.ledger.append([{ type: 'backup.restored', actor: actorId, payload: { file: manifest.file, sha256: manifest.sha256, headSeq: manifest.head.seq, headHash: manifest.head.hash } }]);
  return r.ok ? ok(undefined) : r;
}

/** Removes a restored database whose restore could not be recorded, with the files SQLite kept beside it. */
export function removeRestored(targetDb: string): boolean {
  let removed = true;
  for (const f of [targetDb, `${targetDb}-wal`, `${targetDb}-shm`, `${targetDb}-journal`]) {
    try {
      rmSync(f, { force: true });
    } catch {
      removed = false;
    }
  }
  return removed;
}
