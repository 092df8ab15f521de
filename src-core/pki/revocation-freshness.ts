/**
 * How current a station's knowledge of certificate revocations is (COMPLIANCE.md P11-30; FR-102).
 * A revocation list is only as good as its age: a station offline for weeks would otherwise keep
 * trusting a certificate the hub revoked on day one. The age counts from the list's own
 * `thisUpdate` (signed by the hub CA, so no station clock or database edit makes it younger)
 * of the newest list the station verified. Past the maximum age the station raises an alarm and
 * refuses what depends on the hub's revocation status; see signature-service.ts.
 */
export const DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS = 7 * 24;

export interface RevocationFreshness {
  /** current: within the age; stale: past it; none: no list verified yet. */
  state: 'current' | 'stale' | 'none';
  thisUpdate: string | null;
  ageHours: number | null;
  maxAgeHours: number;
}

export function revocationFreshness(thisUpdate: string | null, now: Date, maxAgeHours: number = DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS): RevocationFreshness {
  const t = thisUpdate === null ? Number.NaN : Date.parse(thisUpdate);
  if (!Number.isFinite(t)) return { state: 'none', thisUpdate: null, ageHours: null, maxAgeHours };
  const ageHours = Math.max(0, (now.getTime() - t) / 3_600_000);
  return { state: ageHours > maxAgeHours ? 'stale' : 'current', thisUpdate, ageHours: Math.floor(ageHours * 10) / 10, maxAgeHours };
}

/** The newer of two ISO times (either may be missing). */
export function newerTime(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
