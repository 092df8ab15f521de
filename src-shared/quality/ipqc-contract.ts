/**
 * IPQC at the hub (issue 12 item 2): the OOS/OOT alerts stations raised, as the hub received
 * them, with the QA deviation record that follows each up (if any yet), and a batch's IPQC
 * results for the QP's one-stop review.
 */
import { z } from 'zod';
import { IpqcVerdictSchema } from '../ledger/entry-types/ipqc.ts';

export const HubIpqcAlertSchema = z.object({
  stationId: z.string(),
  seq: z.number().int(),
  alertId: z.string(),
  batchNumber: z.string(),
  kind: z.enum(['oos', 'oot']),
  checkId: z.string(),
  checkName: z.string(),
  value: z.string(),
  unit: z.string(),
  message: z.string(),
  /** FR-112: the message as a code and values (the station deviation's reasonKey/reasonParams), worded in the reader's language; null on alerts from before. */
  messageKey: z.string().nullable(),
  messageParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  resultSeq: z.number().int(),
  deviationId: z.string(),
  /** The station deviation's entry: what a QA record follows up (`source`). */
  deviationSeq: z.number().int().nullable(),
  raisedAt: z.string(),
  receivedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  /** The hub deviation record that follows the station deviation up, if raised yet. */
  record: z.object({ id: z.string(), state: z.string() }).nullable(),
});
export type HubIpqcAlert = z.infer<typeof HubIpqcAlertSchema>;

export const HubIpqcResultSchema = z.object({
  stationId: z.string(),
  seq: z.number().int(),
  checkId: z.string(),
  checkName: z.string(),
  occurrence: z.number().int(),
  value: z.string(),
  unit: z.string(),
  overdue: z.boolean(),
  verdict: IpqcVerdictSchema,
  specification: z.object({ lower: z.string().nullable(), upper: z.string().nullable() }),
  recordedAt: z.string(),
  signedBy: z.string().nullable(),
});
export type HubIpqcResult = z.infer<typeof HubIpqcResultSchema>;

export const BatchIpqcSchema = z.object({
  batchNumber: z.string(),
  results: z.array(HubIpqcResultSchema),
  alerts: z.array(HubIpqcAlertSchema),
  /** Counts for the review summary. */
  oos: z.number().int(),
  oot: z.number().int(),
});
export type BatchIpqc = z.infer<typeof BatchIpqcSchema>;

export const IpqcAlertQuerySchema = z.object({
  /** true: only alerts no closed deviation record has followed up yet. */
  open: z.enum(['true', 'false']).optional(),
  batch: z.string().max(64).optional(),
});
