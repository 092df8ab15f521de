/**
 * The ledger entry, the unit of the electronic batch record (ARCHITECTURE.md, "The ledger").
 * `hash = SHA-256(RFC 8785 canonical JSON of every field but hash)`; `prevHash` chains it to
 * the entry before (the first entry points at GENESIS_PREV_HASH). Times are UTC with the
 * station's offset beside them (ALCOA+ contemporaneous, legible in the plant's local time).
 */
import { z } from 'zod';

export const GENESIS_PREV_HASH = '0'.repeat(64);

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
export const UtcTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'UTC time like 2026-01-31T08:00:00.000Z');
export const TzOffset = z.string().regex(/^[+-]\d{2}:\d{2}$/, 'an offset like +08:00');

export const LedgerEntrySchema = z.object({
  seq: z.number().int().positive(),
  stationId: z.string().min(1),
  time: UtcTime,
  tzOffset: TzOffset,
  type: z.string().min(1),
  actor: z.string().min(1).nullable(),
  batchRef: z.string().min(1).nullable(),
  payload: z.record(z.string(), z.unknown()),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** What a caller asks to append; the ledger fills in seq, station, time and hashes. */
export interface NewEntry {
  type: string;
  actor: string | null;
  batchRef?: string | null;
  payload: Record<string, unknown>;
}

export interface LedgerHead {
  seq: number;
  hash: string;
}

/** A station-signed Merkle tree head over entries 1..treeSize (RFC 9162 §4.10-like). */
export const CheckpointSchema = z.object({
  treeSize: z.number().int().positive(),
  rootHash: Sha256Hex,
  signedAt: UtcTime,
  stationId: z.string(),
  certFingerprint: Sha256Hex,
  signature: z.string(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export interface AuditFilter {
  batchRef?: string;
  actor?: string;
  types?: string[];
  typePrefix?: string;
  fromTime?: string;
  toTime?: string;
  afterSeq?: number;
  limit?: number;
}
