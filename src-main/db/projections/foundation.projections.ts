/**
 * Projections of the foundation entry types into current-state tables. Each runs inside the
 * append transaction (LedgerStore.append), so a table never disagrees with the ledger.
 */
import type { LedgerEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import type { DbWriteTx, Projector } from '../ledger-store.ts';

type P = Record<string, unknown>;
const run = (tx: DbWriteTx, sql: string, ...params: unknown[]) => tx.db.prepare(sql).run(...params);

export const foundationProjectors: Record<string, Projector> = {
  'station.initialised': (tx, e) => {
    const p = e.payload as P;
    run(tx, 'insert into station (id, station_id, name, site, time_zone, ca_cert_pem) values (1,?,?,?,?,?)', p.stationId, p.name, p.site, p.timeZone, p.caCertPem);
  },
  'user.created': (tx, e) => {
    const p = e.payload as P;
    run(
      tx,
      'insert into users (user_id, username, printed_name, roles, status, failed_attempts, must_change_password, password_changed_at, created_seq) values (?,?,?,?,?, 0, ?, ?, ?)',
      p.userId, p.username, p.printedName, JSON.stringify(p.roles), p.identityVerification === 'pending' ? 'pending' : 'active', p.mustChangePassword ? 1 : 0, e.time, e.seq,
    );
  },
  'user.identity_verified': (tx, e) => void run(tx, "update users set status = 'active' where user_id = ? and status = 'pending'", (e.payload as P).userId),
  'user.roles_changed': (tx, e) => void run(tx, 'update users set roles = ? where user_id = ?', JSON.stringify((e.payload as P).newRoles), (e.payload as P).userId),
  'user.disabled': (tx, e) => void run(tx, "update users set status = 'disabled' where user_id = ?", (e.payload as P).userId),
  'user.enabled': (tx, e) => void run(tx, "update users set status = 'active', failed_attempts = 0 where user_id = ?", (e.payload as P).userId),
  'user.password_changed': (tx, e) => {
    const p = e.payload as P;
    run(tx, 'update users set password_changed_at = ?, must_change_password = ?, failed_attempts = 0 where user_id = ?', e.time, p.mustChangePassword ? 1 : 0, p.userId);
    if (p.identityVerification === 'pending') run(tx, "update users set status = 'pending' where user_id = ?", p.userId);
  },
  'user.locked': (tx, e) => void run(tx, "update users set status = 'locked' where user_id = ?", (e.payload as P).userId),
  'user.unlocked': (tx, e) => void run(tx, "update users set status = 'active', failed_attempts = 0 where user_id = ?", (e.payload as P).userId),
  'session.login_failed': (tx, e) => {
    const p = e.payload as P;
    if (p.userId) run(tx, 'update users set failed_attempts = ? where user_id = ?', p.failedAttempts, p.userId);
  },
  'session.login': (tx, e) => void run(tx, 'update users set failed_attempts = 0 where user_id = ?', (e.payload as P).userId),
  'certificate.issued': (tx, e) => {
    const p = e.payload as P;
    run(
      tx,
      'insert into certificates (fingerprint, kind, subject_id, serial_number, cert_pem, not_before, not_after, issued_seq) values (?,?,?,?,?,?,?,?)',
      p.fingerprint, p.kind, p.subjectId, p.serialNumber, p.certPem, p.notBefore, p.notAfter, e.seq,
    );
    if (p.kind === 'user-signing') run(tx, 'update users set signing_cert_fingerprint = ? where user_id = ?', p.fingerprint, p.subjectId);
    if (p.kind === 'station') run(tx, 'update station set station_cert_fingerprint = ? where station_id = ?', p.fingerprint, p.subjectId);
  },
  // Marks what the hub CA's list names; a certificate keeps the first revocation it was given.
  'certificate.revocations_received': (tx, e) => {
    const p = e.payload as { revoked: { serialNumber: string; revokedAt: string; reason?: string }[] };
    for (const r of p.revoked) {
      run(tx, "update certificates set revoked_at = ?, revocation_reason = ?, revocation_seq = ? where serial_number = ? and kind = 'user-signing' and revoked_at is null", r.revokedAt, r.reason ?? null, e.seq, r.serialNumber);
    }
  },
  'signature.applied': (tx, e) => {
    const p = e.payload as P;
    run(tx, 'insert into signatures (seq, target_seq, meaning, signer_id, signed_at) values (?,?,?,?,?)', e.seq, p.targetSeq, p.meaning, p.signerId, p.signedAt);
  },
  'settings.changed': (tx, e) => {
    const p = e.payload as P;
    run(tx, 'insert into settings (key, value, changed_seq) values (?,?,?) on conflict(key) do update set value = excluded.value, changed_seq = excluded.changed_seq', p.key, JSON.stringify(p.newValue), e.seq);
  },
};

/** Merges per-area projector maps into the registry the ledger store runs. */
export function projectorRegistry(...maps: Record<string, Projector>[]): Map<string, Projector[]> {
  const registry = new Map<string, Projector[]>();
  for (const m of maps) for (const [type, p] of Object.entries(m)) registry.set(type, [...(registry.get(type) ?? []), p]);
  return registry;
}

export type { LedgerEntry };
