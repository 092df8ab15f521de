/**
 * Backups and restores of a station database (EU GMP Annex 11 §7.2; COMPLIANCE A11-13).
 * A backup is SQLite's online backup of a live database plus a manifest holding the file's
 * SHA-256 and the ledger head; it is verified (`verifyLedger`) before it is called good.
 * A restore refuses a file whose hash differs from its manifest or whose ledger does not
 * verify, and is itself recorded in the restored ledger.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { accessSync, constants, copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { err, ok, type Result } from '../../src-shared/result.ts';
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

/** Records the backup in the ledger, copies the live database online, verifies the copy, writes the manifest. */
export async function backupStation(station: Station, actorId: string | null, outFile: string, progress?: VerifyProgress): Promise<Result<BackupManifest>> {
  if (existsSync(outFile)) return err('CONFLICT', `${outFile} exists; a backup never overwrites another`);
  // The ledger records "backup written" before the copy (the backup holds its own entry): a folder
  // that cannot take the file must be refused first, or the record names a backup that never
  // existed (FR-138; a folder that did not exist left such an entry and a stack trace).
  const folder = writableFolder(outFile);
  if (!folder.ok) return folder;
  const head = station.ledger.head();
  if (!head) return err('CHAIN_BROKEN', 'nothing to back up');
  const recorded = station.ledger.append([{ type: 'backup.created', actor: actorId, payload: { file: basename(outFile), precedingSeq: head.seq, precedingHash: head.hash } }]);
  if (!recorded.ok) return recorded;
  station.ledger.checkpointNow();
  await station.db.sqlite.backup(outFile);
  const checked = verifyDatabaseFile(outFile, progress);
  if (!checked.ok) return checked;
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
  writeFileSync(`${outFile}.manifest.json`, JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
  return ok(manifest);
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
  copyFileSync(backupFile, targetDb);
  return ok(manifest);
}

/** After a restore, the first entry on the restored station says so. */
export function recordRestore(station: Station, actorId: string | null, manifest: BackupManifest): Result<void> {
  const r = station.ledger.append([{ type: 'backup.restored', actor: actorId, payload: { file: manifest.file, sha256: manifest.sha256, headSeq: manifest.head.seq, headHash: manifest.head.hash } }]);
  return r.ok ? ok(undefined) : r;
}
