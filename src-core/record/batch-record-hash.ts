/**
 * The batch record hash: what QA review and QP release sign. SHA-256 over the RFC 8785
 * canonical JSON of the batch number and the (station, seq, entry hash) of every entry of the
 * batch, in (station, seq) order. Each entry hash covers its content and chains to the entries
 * before it (ledger-entry.ts), so this one value changes when anything in the record changes,
 * and only the record's own entries, in their own order, produce it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

export const BATCH_RECORD_PURPOSE = 'batchline.batch-record.v1';

export function batchRecordHash(batchNumber: string, entries: readonly { stationId: string; seq: number; hash: string }[]): string {
  const sorted = [...entries].sort((a, b) => (a.stationId === b.stationId ? a.seq - b.seq : a.stationId < b.stationId ? -1 : 1));
  const body = canonicalJson({ purpose: BATCH_RECORD_PURPOSE, batchNumber, entries: sorted.map((e) => [e.stationId, e.seq, e.hash]) });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
