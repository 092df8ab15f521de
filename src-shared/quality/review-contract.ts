/**
 * Review by exception and QP release at the hub (issue 7 item 2), as the API and the console
 * see them. QA reads what deviates from the expected course of a batch instead of every
 * entry (PIC/S PI 041 §9.8, MHRA GxP DI 6.15, COMPLIANCE.md DI-12); the batch record itself is
 * always one click away. Each exception kind has a fixed name the console translates, and
 * parameters for the sentence.
 */
import { z } from 'zod';
import { queryInteger } from '../api/query-number.ts';
import { OqcStatusSchema } from './iqc-contract.ts';
import { RecordLineSchema } from '../record/record-line.ts';
import { SignatureMeaning } from '../signature-meaning.ts';
import { OpenQualityRecordSchema } from './deviation-contract.ts';
import { ExcursionSchema } from '../environment/environment-contract.ts';

export const EXCEPTION_KINDS = [
  'deviation',
  'command-refused',
  'out-of-tolerance',
  'out-of-limits',
  'override',
  // A value typed by hand where the station captures it directly (DI-16): a container id.
  'manual-entry',
  // Another source container than the suggested one (first expiry, first in), with the operator's reason (issue 17).
  'container-not-suggested',
  // More taken from a container than its recorded stock; a supervisor accepted or rejected it.
  'stock-discrepancy',
  // FR-142: a tare or zero made on the balance's own keys during a weighing.
  'balance-tare-changed',
  // A container refused at the point of use (issue 17 item 4): of another batch or step, or past its hold time.
  'charge-refused',
  // Returns and reconciliation (issue 17 item 6): a return beyond its limit, a material balance
  // that does not close, a yield outside the recipe's limits.
  'return-discrepancy',
  'reconciliation',
  'yield-out-of-limits',
  'correction',
  // A signed correction of a form value naming a value no longer in force (another correction
  // took effect first): not applied, listed with the value in force (FR-124).
  'correction-stale',
  // A signed correction of a field no correction can name (calculated, not of the form, never
  // recorded): the engine refuses one, so the record is inconsistent; not applied (FR-124).
  'correction-inconsistent',
  'signature-certificate',
  'signature-missing',
  'late-sync',
  // An entry dated before the entry recorded before it at the same station: a clock set back (A11-22).
  'back-dated',
  // Entries recorded while the station's clock was not trusted (it differed from the hub's
  // beyond the configured drift) under the "record and flag" policy (A11-22, issue 10 item 3).
  'time-untrusted',
  'stale-master-data',
  'step-out-of-order',
  'changed-after-decision',
  // A station signature whose entry was corrected after signing and not signed again (DI-13).
  'signature-invalidated',
  // The station's state machine cannot replay an entry: the record is not what the engine writes.
  'record-inconsistent',
  // A label printed again (marked REPRINT) under a reason and a co-signature (issue 17 item 7).
  'label-reprint',
  // A print of unknown outcome settled at the station under a co-signature (FR-141): the reviewer sees what was found.
  'label-print-settled',
  // FR-154: such a settlement made after the order was completed: the batch record changed after its completion.
  'label-print-settled-after-completion',
  // A complete order whose printed labels are not all used or destroyed (printed ≠ used + destroyed).
  'label-reconciliation',
  // An environmental excursion in the batch's room while it ran (issue 13 item 1): alert minor, action major.
  'environment-excursion',
  // The account that made an entry was logged in at another station at the same time (DI-11, FR-140).
  'concurrent-session',
] as const;
export const ExceptionKind = z.enum(EXCEPTION_KINDS);
export type ExceptionKind = z.infer<typeof ExceptionKind>;

export const Severity = z.enum(['critical', 'major', 'minor']);
export type Severity = z.infer<typeof Severity>;

export const BatchExceptionSchema = z.object({
  /** Stable within the batch: `<kind>:<station>#<seq>` (or another unique suffix). */
  id: z.string(),
  kind: ExceptionKind,
  severity: Severity,
  stationId: z.string().nullable(),
  seq: z.number().int().nullable(),
  time: z.string().nullable(),
  /** English sentence for logs and the CLI; the console builds its own from kind + params. */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type BatchException = z.infer<typeof BatchExceptionSchema>;

export const BatchStatus = z.enum(['planned', 'in-progress', 'complete']);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const ReviewState = z.enum(['none', 'current', 'outdated']);
export type ReviewState = z.infer<typeof ReviewState>;

export const BatchDecision = z.enum(['released', 'rejected']);
export type BatchDecision = z.infer<typeof BatchDecision>;

export const BatchSummarySchema = z.object({
  batchNumber: z.string(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  recipe: z.string().nullable(),
  stations: z.array(z.string()),
  status: BatchStatus,
  entries: z.number().int(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  lastReceivedAt: z.string().nullable(),
  exceptions: z.number().int(),
  openDeviations: z.number().int(),
  review: ReviewState,
  decision: BatchDecision.nullable(),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

/** A signature made at the hub (QA review, deviation closure, QP decision), as verified now. */
export const HubSignatureViewSchema = z.object({
  id: z.number().int(),
  subjectKind: z.enum(['batch', 'deviation']),
  subjectKey: z.string(),
  meaning: SignatureMeaning,
  signerId: z.string(),
  username: z.string(),
  printedName: z.string(),
  signedAt: z.string(),
  tzOffset: z.string(),
  comment: z.string().nullable(),
  /** The signature verifies against the signer's certificate for exactly this subject. */
  valid: z.boolean(),
  problem: z.string().nullable(),
  /** It was made over the record (or deviation) as it is now. */
  current: z.boolean(),
});
export type HubSignatureView = z.infer<typeof HubSignatureViewSchema>;

export const DeviationViewSchema = z.object({
  stationId: z.string(),
  seq: z.number().int(),
  deviationId: z.string(),
  category: z.string(),
  reason: z.string(),
  raisedBy: z.string().nullable(),
  raisedAt: z.string(),
  /** A supervisor approved it at the station so the batch could continue. */
  approvedAtStation: z.boolean(),
  /** Closed by QA at the hub with a signed conclusion; open until then. */
  closure: HubSignatureViewSchema.nullable(),
});
export type DeviationView = z.infer<typeof DeviationViewSchema>;

export const RecordEntryViewSchema = z.object({
  stationId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  time: z.string(),
  tzOffset: z.string(),
  actor: z.string().nullable(),
  receivedAt: z.string(),
  hash: z.string(),
  summary: z.string(),
  /** The same line as data, so the console shows it in the reader's language (record-line.ts). */
  line: RecordLineSchema,
  signatures: z.array(
    z.object({
      meaning: z.string(),
      username: z.string(),
      printedName: z.string(),
      signedAt: z.string(),
      /** A correction of the entry after this signature, not yet signed again (DI-13). */
      invalidatedBy: z.object({ seq: z.number().int(), time: z.string(), tzOffset: z.string() }).nullable().optional(),
    }),
  ),
});
export type RecordEntryView = z.infer<typeof RecordEntryViewSchema>;

export const BatchReviewSchema = z.object({
  summary: BatchSummarySchema,
  /** SHA-256 over the batch's entries (station, seq, hash): what review and release sign. */
  recordHash: z.string(),
  exceptions: z.array(BatchExceptionSchema),
  deviations: z.array(DeviationViewSchema),
  signatures: z.array(HubSignatureViewSchema),
  outputLots: z.array(z.object({ lotId: z.string(), role: z.string(), quantity: z.string().nullable() })),
  record: z.array(RecordEntryViewSchema),
  /** Open deviation records linked to the batch and their open CAPA actions (issue 12): each blocks release. */
  qualityRecords: z.array(OpenQualityRecordSchema),
  /** Finished-product (OQC) results of the output lots (issue 12 item 4): each finding blocks release. */
  oqc: OqcStatusSchema,
  /**
   * Environmental excursions in the batch's room while it ran (issue 13 item 1), as last recorded
   * in the batch, with the acknowledgement the hub holds now.
   */
  environment: z.array(ExcursionSchema),
});
export type BatchReview = z.infer<typeof BatchReviewSchema>;

export const SignBodySchema = z.object({
  password: z.string().min(1).max(256),
  comment: z.string().trim().max(2000).optional(),
});
export type SignBody = z.infer<typeof SignBodySchema>;

export const DecisionBodySchema = SignBodySchema.extend({ decision: BatchDecision });

export const CloseDeviationBodySchema = z.object({
  password: z.string().min(1).max(256),
  /** QA's conclusion (root cause, impact on the batch, CAPA reference). */
  conclusion: z.string().trim().min(10).max(2000),
});

export const BatchListQuerySchema = z.object({
  status: BatchStatus.optional(),
  search: z.string().max(64).optional(),
  limit: queryInteger(1, 200).optional(),
});
