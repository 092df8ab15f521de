/**
 * The age limit on what this station knows of revocations (COMPLIANCE.md P11-30; FR-102).
 *
 * The station learns that the hub revoked a signer's certificate only from the hub CA's list,
 * fetched at sync. Offline for weeks, it would keep trusting a certificate revoked on day one.
 * So the newest list it verified (its hub-signed thisUpdate: no station clock or database edit
 * makes it younger than the hub made it) has a maximum age (limits.revocationListMaxAgeHours,
 * default 7 days). Past it:
 *  - an alarm (`security`, `revocation-list-stale`, critical) is raised once per list, and cleared
 *    when a newer list is within the age;
 *  - a signature by a certificate the HUB CA issued is refused (REVOCATION_LIST_STALE): that is
 *    what depends on the hub's revocation status, since the hub is who revokes it. Signatures by
 *    certificates of this station's own CA (accounts made here, offline) go on: a station that
 *    never reached the hub has no list to age, and creating an account and signing must work
 *    offline. Master data is not affected: it only arrives in the sync round that also fetches
 *    a fresh list.
 */
import { X509Certificate } from 'node:crypto';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { Clock } from '../../../src-core/clock.ts';
import { DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS, revocationFreshness, type RevocationFreshness } from '../../../src-core/pki/revocation-freshness.ts';
import type { AlarmService } from '../alarm/alarm-service.ts';

const ALARM_PREFIX = 'revocation-list-stale:';

export interface RevocationWatchDeps {
  clock: Clock;
  /** The hub-signed thisUpdate of the newest verified list (checked or recorded), or null. */
  listTime: () => string | null;
  /** The PEM of a certificate this station holds, by fingerprint. */
  certificatePem: (fingerprint: string) => string | null;
  /** This station's own CA (accounts certified here). */
  localCaCertPem: string;
  maxAgeHours: () => number | undefined;
  alarms: () => AlarmService | null;
}

export class RevocationWatch {
  private readonly hubIssued = new Map<string, boolean>();
  private readonly localCa: X509Certificate;

  constructor(private readonly deps: RevocationWatchDeps) {
    this.localCa = new X509Certificate(deps.localCaCertPem);
  }

  status(): RevocationFreshness {
    return revocationFreshness(this.deps.listTime(), this.deps.clock.now(), this.deps.maxAgeHours() ?? DEFAULT_REVOCATION_LIST_MAX_AGE_HOURS);
  }

  /** ok unless the certificate is the hub CA's and the list is too old (then the alarm too). */
  current(fingerprint: string): Result<void> {
    if (!this.isHubIssued(fingerprint)) return ok(undefined);
    const s = this.warn();
    if (s.state === 'current') return ok(undefined);
    const since = s.thisUpdate === null ? 'no revocation list was ever verified' : `the newest verified revocation list is from ${s.thisUpdate} (${s.ageHours} h old)`;
    return err('REVOCATION_LIST_STALE', `${since}, past the ${s.maxAgeHours} h limit: a certificate issued by the hub cannot be trusted until the station syncs`, { thisUpdate: s.thisUpdate, ageHours: s.ageHours, maxAgeHours: s.maxAgeHours, certFingerprint: fingerprint });
  }

  /** Raises the alarm when the list is past its age (once per list), clears it when a newer one is not. */
  warn(): RevocationFreshness {
    const s = this.status();
    const alarms = this.deps.alarms();
    if (!alarms || s.state === 'none') return s;
    const id = `${ALARM_PREFIX}${s.thisUpdate}`;
    for (const open of alarms.list().filter((a) => a.alarmId.startsWith(ALARM_PREFIX) && a.clearedAt === null && (s.state === 'current' || a.alarmId !== id))) alarms.clear(open.alarmId);
    if (s.state === 'stale') {
      alarms.raise([{ raised: { alarmId: id, source: 'security', kind: 'revocation-list-stale', severity: 'critical', subject: 'revocation list', messageKey: 'revocation-list-stale', params: { thisUpdate: s.thisUpdate!, maxAgeHours: String(s.maxAgeHours) }, condition: 'state' } }]);
    }
    return s;
  }

  private isHubIssued(fingerprint: string): boolean {
    const known = this.hubIssued.get(fingerprint);
    if (known !== undefined) return known;
    const pem = this.deps.certificatePem(fingerprint);
    // A certificate this station does not hold (yet) depends on the hub's word: fail closed, and
    // remember nothing, so it is judged by its issuer once it is here (a `false` remembered for
    // it made it count as this station's own for good, never stale).
    if (pem === null) return true;
    let v: boolean;
    try {
      v = !new X509Certificate(pem).checkIssued(this.localCa);
    } catch {
      v = true; // unreadable: treat as depending on the hub's word
    }
    this.hubIssued.set(fingerprint, v);
    return v;
  }
}
