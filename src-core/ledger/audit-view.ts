/**
 * The audit trail as people read it (21 CFR 11.10(e), Annex 11 §9): for every entry, who
 * (user id, user name, printed name), when (UTC and local offset), where (station, device),
 * what (type, batch, payload) and, for corrections, the old and new values with the reason.
 */
import type { AuditFilter, LedgerEntry } from '../../src-shared/ledger/ledger-entry.ts';
import type { LedgerReader } from './ledger-ports.ts';

export interface AuditRecord {
  seq: number;
  time: string;
  tzOffset: string;
  stationId: string;
  deviceId: string | null;
  actor: { userId: string; username: string | null; printedName: string | null } | null;
  type: string;
  batchRef: string | null;
  payload: Record<string, unknown>;
  correction?: { targetSeq: number; changes: { path: string; oldValue: unknown; newValue: unknown }[]; reason: string };
  hash: string;
}

export function auditView(ledger: LedgerReader, filter: AuditFilter): AuditRecord[] {
  const names = new Map<string, { username: string; printedName: string }>();
  for (const e of ledger.query({ types: ['user.created'], limit: 1_000_000 })) {
    const p = e.payload as { userId: string; username: string; printedName: string };
    names.set(p.userId, { username: p.username, printedName: p.printedName });
  }
  return ledger.query(filter).map((e) => toAuditRecord(e, names));
}

/**
 * `audit --user` takes what a reviewer knows: a user name, or a user id. A user name is never
 * given to another account (11.100(a)), so it names one account for good.
 */
export function userIdOf(ledger: LedgerReader, userOrName: string): string {
  const name = userOrName.trim().toLowerCase();
  for (const e of ledger.query({ types: ['user.created'], limit: 1_000_000 })) {
    const p = e.payload as { userId: string; username: string };
    if (p.username === name) return p.userId;
  }
  return userOrName;
}

function toAuditRecord(e: LedgerEntry, names: Map<string, { username: string; printedName: string }>): AuditRecord {
  const p = e.payload;
  const who = e.actor ? names.get(e.actor) : undefined;
  const record: AuditRecord = {
    seq: e.seq,
    time: e.time,
    tzOffset: e.tzOffset,
    stationId: e.stationId,
    deviceId: typeof p.deviceId === 'string' ? p.deviceId : typeof p.balanceId === 'string' ? p.balanceId : null,
    actor: e.actor ? { userId: e.actor, username: who?.username ?? null, printedName: who?.printedName ?? null } : null,
    type: e.type,
    batchRef: e.batchRef,
    payload: p,
    hash: e.hash,
  };
  if (e.type === 'correction.recorded') {
    const c = p as { targetSeq: number; changes: { path: string; oldValue: unknown; newValue: unknown }[]; reason: string };
    record.correction = { targetSeq: c.targetSeq, changes: c.changes, reason: c.reason };
  }
  return record;
}
