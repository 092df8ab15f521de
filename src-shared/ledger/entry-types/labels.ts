/**
 * Label events of an order (issue 17 item 7): every label printed by a label step (label.printed,
 * dispensing.ts) or reprinted, then used (applied to its container) or destroyed, so that
 * issued, printed, used and destroyed can be counted per order and a mismatch shows
 * (src-core/order/label-ledger.ts). A label is named `<seq of its print entry>-<position>`.
 *
 * FR-139, the record first, then the print: every print (a label step's labels, a reprint, a
 * return label) is announced by `label.print_requested` before the station sends it to the
 * printer, and closed by its outcome naming that entry (`printRequestSeq`): `label.printed`,
 * `label.reprinted` or `return.labelled` with the printer's receipt, or `label.print_failed` with
 * the typed error and whether anything may have reached the printer. A request with no outcome,
 * or whose failure came after sending began, is a print whose result the ledger could not take:
 * the label reconciliation counts its labels as "requested, outcome unknown".
 */
import { z } from 'zod';
import { TemplateRefSchema } from '../../reports/report-template.ts';
import { LabelId, PRINT_SETTLEMENT_OUTCOMES } from '../../orders/dispensary-commands.ts';

/** Which command asked for a print (FR-139). */
export const PRINT_COMMANDS = ['print-label', 'reprint-label', 'print-return-label'] as const;

const printRequestSeq = z.number().int().positive();

/**
 * FR-145: how a print's outcome is known. 'status': the printer answered its host status `~HS`
 * idle with no fault after the job; 'sent': every byte was accepted by the link (TCP written,
 * serial drained) and the printer gives no status (never answered `~HS`, or its printer setting
 * says `statusCheck: 'none'`): printed, unconfirmed by the printer. Absent in entries written before.
 */
export const PRINT_CONFIRMATIONS = ['status', 'sent'] as const;
export type PrintConfirmation = (typeof PRINT_CONFIRMATIONS)[number];
export const PrintConfirmationSchema = z.enum(PRINT_CONFIRMATIONS);

export const labelEntryTypes = {
  /** FR-139: the labels the station is about to send to the printer, recorded before it does. */
  'label.print_requested': z.object({
    command: z.enum(PRINT_COMMANDS),
    stepId: z.string().min(1).max(64).optional(),
    /** The label step's index (absent in entries written before 6 Dec, and for reprints and return labels). */
    stepIndex: z.number().int().min(0).optional(),
    /** A reprint names the label it replaces; a return label the container it goes on. */
    labelId: LabelId.optional(),
    containerId: z.string().min(1).max(64).optional(),
    labels: z.array(z.record(z.string(), z.unknown())).min(1),
    /** SHA-256 of the labels' canonical JSON: the outcome entry's `labels` hash to the same. */
    contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /**
   * FR-139: the print announced by `printRequestSeq` failed. `delivered`: 'none' — nothing can
   * have reached the printer (not configured, layout refused, connection refused, port not
   * opened): no label was printed; 'unknown' — it failed after sending began (a timeout or
   * reset after the data went out): its labels stay "outcome unknown". Absent (entries written
   * before 6 Dec): unknown.
   */
  'label.print_failed': z.object({ printRequestSeq, stepId: z.string().min(1).max(64).optional(), code: z.string().min(1).max(64), message: z.string().max(2000), delivered: z.enum(['none', 'unknown']).optional() }),
  /** The operator's reason; effective once a second person signs it "verified". */
  'label.reprint_requested': z.object({ labelId: LabelId, reason: z.string().trim().min(10).max(500) }),
  /** One label printed again, marked REPRINT, under the co-signed request `requestSeq`. */
  'label.reprinted': z.object({
    labelId: LabelId,
    requestSeq: z.number().int().positive(),
    labels: z.array(z.record(z.string(), z.unknown())).length(1),
    printerId: z.string().nullable(),
    printerAddress: z.string().min(1).optional(),
    jobId: z.string().min(1).optional(),
    preview: z.literal(true).optional(),
    pngSha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
    template: TemplateRefSchema.optional(),
    /** FR-145: how the print is known to have come out (absent before, and for a preview). */
    confirmation: PrintConfirmationSchema.optional(),
    /** FR-139: the `label.print_requested` entry this print closes (absent in entries written before). */
    printRequestSeq: printRequestSeq.optional(),
  }),
  /**
   * FR-141: a print whose outcome was unknown, settled at the station with what the operator
   * found at the printer: 'applied' (the `count` labels came out and are on their containers),
   * 'destroyed' (they came out and were destroyed, counted) or 'none' (no label came out, count
   * 0). Effective once a second person signs it "verified"; then the request is no longer an
   * outcome unknown and, with 'none', its step may print again.
   */
  'label.print_settled': z.object({
    printRequestSeq,
    outcome: z.enum(PRINT_SETTLEMENT_OUTCOMES),
    count: z.number().int().min(0).max(10_000),
    reason: z.string().trim().min(10).max(500),
    /** The label step of the print (absent for reprints and return labels). */
    stepId: z.string().min(1).max(64).optional(),
    /** FR-154: settled after the order completed (the hub's review lists it as an exception). */
    afterCompletion: z.literal(true).optional(),
  }),
  'label.used': z.object({ labelId: LabelId }),
  'label.destroyed': z.object({ labelId: LabelId, reason: z.string().trim().min(10).max(500) }),
};
