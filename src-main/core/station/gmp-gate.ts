/**
 * Which entries are GMP work, and the gate that refuses them while the station cannot be
 * trusted (integrity failed at start, clock not trusted). Listed the other way round on purpose:
 * the few entry types that keep a station administrable and auditable (sessions, users,
 * settings, backup, audit export, sync, the station's own trust records) pass; every other type,
 * including any added later, is GMP and is refused (fail closed).
 */
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { BatchlineError } from '../../../src-shared/result.ts';
import { ok, type Result } from '../../../src-shared/result.ts';

const ADMINISTRATIVE_PREFIXES = ['session.', 'user.', 'sync.', 'backup.', 'station.', 'certificate.'];
const ADMINISTRATIVE_TYPES = new Set(['settings.changed', 'settings.proposed', 'station.started_with_flags', 'audit.exported', 'masterdata.applied', 'engine.command_refused']);

export function isGmpEntryType(type: string): boolean {
  return !ADMINISTRATIVE_TYPES.has(type) && !ADMINISTRATIVE_PREFIXES.some((p) => type.startsWith(p));
}

/** `blocked()` says why GMP work is refused now, or null. */
export function gmpGate(blocked: () => BatchlineError | null): (entries: readonly NewEntry[]) => Result<void> {
  return (entries) => {
    const gmp = entries.find((e) => isGmpEntryType(e.type));
    if (!gmp) return ok(undefined);
    const why = blocked();
    return why ? { ok: false, error: { ...why, details: { ...(why.details ?? {}), refusedType: gmp.type } } } : ok(undefined);
  };
}
