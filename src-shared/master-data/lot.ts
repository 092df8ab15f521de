/**
 * A lot and its quality-control status as QC last decided it at the hub (EU GMP Ch. 5.30-5.34:
 * only released materials within their shelf life are used; quarantined, rejected and on-hold
 * lots are physically and electronically blocked).
 */
import { z } from 'zod';
import { Code, DecimalString, IsoDate } from './common.ts';

export const QC_STATUSES = ['quarantine', 'released', 'rejected', 'on-hold'] as const;
export const QcStatus = z.enum(QC_STATUSES);
export type QcStatus = z.infer<typeof QcStatus>;

export const LotSchema = z.object({
  lotId: Code,
  materialCode: Code,
  /** The lot number printed on the labels (supplier or internal). */
  lotNumber: z.string().trim().min(1).max(64),
  qcStatus: QcStatus,
  /** Last day the lot may be used. */
  expiryDate: IsoDate,
  /** Day from which the lot must be re-tested before use (null: not subject to retest). */
  retestDate: IsoDate.nullable().default(null),
  /** Assay / potency in % (certificate of analysis); required for potency-corrected materials. */
  assayPercent: DecimalString.nullable().default(null),
  /** Water content in % (Karl Fischer / loss on drying), for the anhydrous basis. */
  waterPercent: DecimalString.nullable().default(null),
  /** Density in g/mL at the dispensing temperature, for liquids dispensed by volume (issue 17 item 3). */
  densityGPerMl: DecimalString.optional(),
});
export type Lot = z.infer<typeof LotSchema>;
