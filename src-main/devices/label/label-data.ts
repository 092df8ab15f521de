/**
 * What goes on the label of a dispensed container (issue 3 item 8): material, lots, weights
 * with unit, who dispensed and who verified, when, expiry, and a GS1 DataMatrix. Weights are
 * exact Mass values (src-shared/mass.ts), printed as read: "12.3450 g" keeps its zero.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import { MASS_UNITS } from '../../../src-shared/mass.ts';

const MassSchema = z.object({
  amount: z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal such as "12.3450"'),
  unit: z.enum(MASS_UNITS),
});

/** Printable text: no control characters (they would corrupt the printer stream). */
const text = (max: number) =>
  z.string().min(1).max(max).refine((s) => !/[\x00-\x1f\x7f]/.test(s), 'must not contain control characters');

export const DispensedContainerLabelSchema = z.object({
  /** A dispensed portion (default), or a source container going back to stock (issue 17 item 5: "RETURN", net = remaining). */
  purpose: z.enum(['dispensed', 'return']).optional(),
  material: z.object({ code: text(30), name: text(80) }),
  /** Lot of the source material (GS1 AI 10). */
  lot: text(20),
  /** The production batch (order) the material was dispensed for. */
  batch: text(30),
  net: MassSchema,
  /** Only where the weighing recorded them (a net weighing on a tared balance has neither). */
  tare: MassSchema.optional(),
  gross: MassSchema.optional(),
  dispensedBy: text(40),
  verifiedBy: text(40).optional(),
  /** ISO 8601 with offset, as the ledger records it: "2025-06-30T14:05:00+08:00". */
  dispensedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/),
  /** Expiry or retest date of the material, "YYYY-MM-DD". */
  expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** GTIN-14 of the material, when it has one. */
  gtin: z.string().regex(/^\d{14}$/).optional(),
  /** This container's own identifier (GS1 AI 21), e.g. the dispensing container number. */
  containerId: text(20).optional(),
  /** Pre-weighed material with a hold time (issue 17): usable until then, ISO 8601 with offset. */
  holdUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/).optional(),
  /** A second print of a label (issue 17 item 7): its title says REPRINT, so it is never taken for the first. */
  reprint: z.literal(true).optional(),
  /**
   * FR-139: a diagnostic print (`batchline label print`) that no order records: its title says
   * TEST, so a label outside every reconciliation is never taken for a dispensed container's.
   */
  test: z.literal(true).optional(),
});
export type DispensedContainerLabel = z.infer<typeof DispensedContainerLabelSchema>;

export function parseLabelData(input: unknown): Result<DispensedContainerLabel> {
  const parsed = DispensedContainerLabelSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err('LABEL_FIELD_INVALID', `label field ${issue.path.join('.') || '(root)'}: ${issue.message}`, { field: issue.path.join('.') });
  }
  return ok(parsed.data);
}

