/**
 * Label events of an order (issue 17 item 7): every label printed by a label step (label.printed,
 * dispensing.ts) or reprinted, then used (applied to its container) or destroyed, so that
 * issued, printed, used and destroyed can be counted per order and a mismatch shows
 * (src-core/order/label-ledger.ts). A label is named `<seq of its print entry>-<position>`.
 */
import { z } from 'zod';
import { TemplateRefSchema } from '../../reports/report-template.ts';
import { LabelId } from '../../orders/dispensary-commands.ts';

export const labelEntryTypes = {
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
  }),
  'label.used': z.object({ labelId: LabelId }),
  'label.destroyed': z.object({ labelId: LabelId, reason: z.string().trim().min(10).max(500) }),
};
