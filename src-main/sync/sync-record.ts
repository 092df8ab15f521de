/**
 * The station's sync facts, read from its own ledger (the record is the source of truth; no
 * side table to drift): whether it asked a hub for enrolment, whether it is enrolled and
 * with which hub certificate, and the largest tree head the hub countersigned.
 */
import type { LedgerReader } from '../../src-core/ledger/ledger-ports.ts';

export interface SyncRecord {
  requested: { requestId: string; hubUrl: string; publicKeyFingerprint: string; hubCaFingerprint: string; seq: number } | null;
  enrolled: { requestId: string; hubUrl: string; hubCaCertPem: string; hubCertPem: string; stationCertFingerprint: string; seq: number } | null;
  countersignedSize: number;
}

export function readSyncRecord(ledger: LedgerReader): SyncRecord {
  const entries = ledger.query({ types: ['sync.enrolment_requested', 'sync.enrolled', 'sync.countersigned'], limit: Number.MAX_SAFE_INTEGER });
  const record: SyncRecord = { requested: null, enrolled: null, countersignedSize: 0 };
  for (const e of entries) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'sync.enrolment_requested' && !record.enrolled) {
      record.requested = { requestId: String(p.requestId), hubUrl: String(p.hubUrl), publicKeyFingerprint: String(p.publicKeyFingerprint), hubCaFingerprint: String(p.hubCaFingerprint), seq: e.seq };
    } else if (e.type === 'sync.enrolled') {
      record.enrolled = {
        requestId: String(p.requestId),
        hubUrl: String(p.hubUrl),
        hubCaCertPem: String(p.hubCaCertPem),
        hubCertPem: String(p.hubCertPem),
        stationCertFingerprint: String(p.stationCertFingerprint),
        seq: e.seq,
      };
    } else if (e.type === 'sync.countersigned') {
      record.countersignedSize = Math.max(record.countersignedSize, Number(p.treeSize));
    }
  }
  return record;
}
