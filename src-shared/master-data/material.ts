/**
 * A material as the station needs it for dispensing: identity (code, name, GTINs on the
 * supplier and internal labels), whether its quantity is corrected for potency, and what the
 * operator must be told before handling it (EU GMP Ch. 3.6 / 5.18: handling and safety).
 */
import { z } from 'zod';
import { Code, Gtin, MassSchema } from './common.ts';

export const MaterialSchema = z.object({
  materialCode: Code,
  name: z.string().trim().min(1).max(200),
  gtins: z.array(Gtin).max(20).default([]),
  /**
   * Potency correction (active substances): the recipe quantity is of the pure substance at
   * 100 %, so the quantity to weigh is divided by the lot's assay ("as-is") or by assay and
   * dry-matter fraction ("anhydrous": assay on the dried substance, corrected for water).
   */
  potency: z
    .discriminatedUnion('corrected', [
      z.object({ corrected: z.literal(false) }),
      z.object({ corrected: z.literal(true), basis: z.enum(['as-is', 'anhydrous']) }),
    ])
    .default({ corrected: false }),
  handlingNotes: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  /** GHS hazard statements and PPE, shown before the first scan of a line. */
  safetyNotes: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  /**
   * Pre-weighed material of this kind may wait at most this many hours between its weighing and
   * its use (issue 17 item 1): the weighing records when the hold expires.
   */
  holdTimeHours: z.number().int().positive().max(24 * 365).optional(),
  /**
   * The booth must be cleaned and cleared after every campaign of this material, even before the
   * same material again (potent or sticky materials); otherwise only between materials.
   */
  changeoverAfterEachCampaign: z.boolean().optional(),
  /** Tablets and capsules dispensed by count: the reference weight of one piece. */
  pieceWeight: MassSchema.optional(),
  /**
   * Occupational exposure band (OEB 1 … 5, issue 17 item 8): the material is weighed only in a
   * booth of at least this containment class, and only after the operator signed the PPE
   * checklist of this band for the order (src-shared/dispensary/ppe-checklist.ts).
   */
  containmentLevel: z.number().int().min(1).max(5).optional(),
});
export type Material = z.infer<typeof MaterialSchema>;
