/**
 * The equipment logbook API (issue 13 item 2): every use (from the stations' ledgers), cleaning,
 * maintenance, calibration, qualification, breakdown and repair of a piece of equipment, oldest
 * first. An entry made at the hub is signed by the person who made it ("performed", password at
 * the moment of signing) and writes the new state into the equipment's master data, which the
 * stations pull. Automatic state signals (OPC UA) are kept elsewhere, keyed by the same id.
 */
import { z } from 'zod';
import { CleaningLevel } from '../master-data/process-equipment.ts';
import { Code, UtcTimeString } from '../master-data/common.ts';

export const HUB_LOGBOOK_KINDS = ['cleaning', 'maintenance', 'calibration', 'qualification', 'breakdown', 'repair'] as const;
export const LOGBOOK_KINDS = ['use', ...HUB_LOGBOOK_KINDS] as const;
export const LogbookKind = z.enum(LOGBOOK_KINDS);
export type LogbookKind = z.infer<typeof LogbookKind>;

const note = z.string().trim().min(1).max(2000);
const common = { at: UtcTimeString.optional(), note, password: z.string().min(1).max(200) };

/** What a person records at the hub; `at` defaults to now and may not lie in the future. */
export const NewLogbookEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cleaning'), level: CleaningLevel, ...common }).strict(),
  z.object({ kind: z.literal('maintenance'), nextDueAt: UtcTimeString.optional(), ...common }).strict(),
  z.object({ kind: z.literal('calibration'), certificate: z.string().trim().min(1).max(100), nextDueAt: UtcTimeString.optional(), ...common }).strict(),
  z.object({ kind: z.literal('qualification'), stage: z.enum(['IQ', 'OQ', 'PQ']), document: z.string().trim().min(1).max(100), requalificationDueAt: UtcTimeString.optional(), ...common }).strict(),
  z.object({ kind: z.literal('breakdown'), ...common }).strict(),
  z.object({ kind: z.literal('repair'), ...common }).strict(),
]);
export type NewLogbookEntry = z.infer<typeof NewLogbookEntrySchema>;

export const LogbookEntrySchema = z.object({
  id: z.string(),
  equipmentId: Code,
  kind: LogbookKind,
  at: z.string(),
  source: z.enum(['station', 'hub']),
  /** Station and ledger seq of a use; null for an entry made at the hub. */
  stationId: z.string().nullable(),
  seq: z.number().nullable(),
  batchNumber: z.string().nullable(),
  product: z.string().nullable(),
  by: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** The hub signature of an entry made at the hub. */
  signatureId: z.number().nullable(),
  /** The equipment's master-data version this entry wrote (hub entries). */
  equipmentVersion: z.number().nullable(),
});
export type LogbookEntry = z.infer<typeof LogbookEntrySchema>;
