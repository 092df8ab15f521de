/**
 * The hub secret wraps the hub's CA and signing keys in the database. It is never in the
 * database: BATCHLINE_HUB_SECRET (required with DATABASE_URL, the same for every hub process),
 * or for the embedded database a 0600 file beside it, created on first start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../src-shared/result.ts';

export function resolveHubSecret(options: { dataDir?: string; databaseUrl?: string }, env: Record<string, string | undefined>): Result<string> {
  const fromEnv = env.BATCHLINE_HUB_SECRET;
  if (fromEnv !== undefined) {
    return fromEnv.length >= 16 ? ok(fromEnv) : err('HUB_SECRET_MISSING', 'BATCHLINE_HUB_SECRET must be at least 16 characters');
  }
  if (options.databaseUrl || !options.dataDir) {
    return err('HUB_SECRET_MISSING', 'set BATCHLINE_HUB_SECRET (the same value for every hub process on this database)');
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'hub.secret');
  if (existsSync(file)) return ok(readFileSync(file, 'utf8').trim());
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return ok(secret);
}
