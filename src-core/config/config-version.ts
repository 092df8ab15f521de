/**
 * The configuration version (A11-17): the first 16 hex of SHA-256 over the RFC 8785 canonical
 * JSON of the whole station configuration in force. Station and hub compute it from the same
 * code, so a batch record read at the hub names the same version the station ran under.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

export function configVersion(settings: unknown): string {
  return createHash('sha256').update(canonicalJson(settings)).digest('hex').slice(0, 16);
}
