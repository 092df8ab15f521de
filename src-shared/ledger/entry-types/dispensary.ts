/**
 * Entries of the dispensary (issue 17): campaigns of one material across several orders in a
 * booth, and the changeovers (cleaning, line clearance) between them. Booth-level entries carry
 * no batch; each order of a campaign gets its own `campaign.order_joined` entry (batchRef = the
 * order, on the weigh step) so its batch record shows which campaign weighed the line.
 */
import { z } from 'zod';
import { Code } from '../../master-data/common.ts';

const CampaignOrder = z.object({ batchNumber: z.string().min(1).max(64), stepId: Code, lineId: Code });

export const dispensaryEntryTypes = {
  'campaign.started': z.object({
    campaignId: Code,
    boothId: Code,
    materialCode: Code,
    orders: z.array(CampaignOrder).min(1).max(50),
    /** The booth's previous campaign material (null: the booth's first campaign). */
    previousMaterial: Code.nullable(),
    /** The changeover this campaign relies on (seq of booth.changeover_recorded), when one was needed. */
    changeoverSeq: z.number().int().positive().nullable(),
    holdTimeHours: z.number().int().positive().nullable(),
  }),
  'campaign.order_joined': z.object({
    campaignId: Code,
    boothId: Code,
    materialCode: Code,
    stepId: Code,
    stepIndex: z.number().int().nonnegative(),
    lineId: Code,
    /** 1-based place of this order in the campaign, of how many. */
    position: z.number().int().positive(),
    of: z.number().int().positive(),
  }),
  'campaign.ended': z.object({
    campaignId: Code,
    boothId: Code,
    materialCode: Code,
    /** Orders whose line was complete when the campaign ended, and those left open. */
    completed: z.array(z.string()),
    open: z.array(z.string()),
  }),
  /** Cleaning and line clearance of the booth before the next material (or after a flagged one). */
  'booth.changeover_recorded': z.object({
    boothId: Code,
    fromMaterial: Code.nullable(),
    toMaterial: Code,
    reason: z.enum(['material-change', 'material-flag', 'precaution']),
    cleaningConfirmed: z.literal(true),
    lineClearanceConfirmed: z.literal(true),
    comment: z.string().trim().max(500).nullable(),
  }),
};
