/**
 * The station secret wraps the station's and local CA's private keys in the keystore table.
 * It is kept OUTSIDE the database (BATCHLINE_STATION_SECRET, or a 0600 file beside it), so a
 * copied or edited database alone cannot re-sign checkpoints. On Windows line PCs the Electron
 * shell should keep it with safeStorage (DPAPI); the hub's countersignature (sync) is what
 * protects history even from whoever holds the station and its secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function loadOrCreateStationSecret(dbPath: string, env: Record<string, string | undefined> = process.env): string {
  return loadStationSecret(dbPath, env, true)!;
}

/**
 * The secret from the environment or `<db>.secret`; a new one is made only when `mayCreate`
 * (a station being provisioned). An existing station whose secret is gone gets null, never a
 * new secret that would not open its keys and would be left beside it (FR-155).
 */
export function loadStationSecret(dbPath: string, env: Record<string, string | undefined>, mayCreate: boolean): string | null {
  const fromEnv = env.BATCHLINE_STATION_SECRET;
  if (fromEnv && fromEnv.length >= 16) return fromEnv;
  if (dbPath === ':memory:') return randomBytes(32).toString('base64url');
  const file = `${dbPath}.secret`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (!mayCreate) return null;
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** What createStation asks for the secret: `mayCreate` is true only for a station being provisioned. */
export type StationSecretSource = (mayCreate: boolean) => string | null;
