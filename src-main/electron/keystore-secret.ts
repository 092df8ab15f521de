/**
 * The station secret under Electron: kept by the OS keystore through safeStorage (DPAPI on
 * Windows, Keychain on macOS, libsecret on Linux) rather than as plain text beside the
 * database (issue 10 item 6). What lies on disk is `<db>.secret.enc` (0600), readable only by
 * this OS account on this machine; copying it with the database opens nothing elsewhere.
 * Without a keystore (no libsecret, a headless test) it falls back to the 0600 file
 * (station-secret.ts). BATCHLINE_STATION_SECRET still wins, as it does in web mode and the CLI.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadStationSecret } from '../station-secret.ts';

export type SafeStorage = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;

export function keystoreStationSecret(safeStorage: SafeStorage, dbPath: string, env: Record<string, string | undefined> = process.env, mayCreate = true): string | null {
  const fromEnv = env.BATCHLINE_STATION_SECRET;
  if ((fromEnv && fromEnv.length >= 16) || dbPath === ':memory:' || !safeStorage.isEncryptionAvailable()) return loadStationSecret(dbPath, env, mayCreate);
  const file = `${dbPath}.secret.enc`;
  if (existsSync(file)) return safeStorage.decryptString(readFileSync(file));
  // A station that already has a plain secret file keeps using it (its keys are wrapped with it).
  if (existsSync(`${dbPath}.secret`)) return loadStationSecret(dbPath, env, mayCreate);
  // FR-155: only a station being provisioned gets a new secret; an existing one without its secret is refused.
  if (!mayCreate) return null;
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, safeStorage.encryptString(secret), { mode: 0o600, flag: 'wx' });
  return secret;
}
