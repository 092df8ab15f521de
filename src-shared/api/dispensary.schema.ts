/** The dispensary's booth queue and campaign, as the station API returns them (issue 17 item 1). */
import { z } from 'zod';
import { MassSchema } from '../master-data/common.ts';

export const CampaignViewSchema = z.object({
  campaignId: z.string(),
  boothId: z.string(),
  materialCode: z.string(),
  startedSeq: z.number(),
  orders: z.array(z.object({ batchNumber: z.string(), stepId: z.string(), lineId: z.string(), complete: z.boolean(), active: z.boolean() })),
});
export type CampaignViewDto = z.infer<typeof CampaignViewSchema>;

export const BoothQueueSchema = z.object({
  boothId: z.string(),
  groups: z.array(
    z.object({
      materialCode: z.string(),
      materialName: z.string(),
      holdTimeHours: z.number().nullable(),
      changeoverAfterEachCampaign: z.boolean(),
      lines: z.array(
        z.object({
          batchNumber: z.string(),
          stepId: z.string(),
          stepIndex: z.number(),
          lineId: z.string(),
          target: MassSchema,
          cumulative: MassSchema,
          status: z.enum(['active', 'pending']),
        }),
      ),
    }),
  ),
  campaign: CampaignViewSchema.nullable(),
  lastMaterial: z.string().nullable(),
  changeover: z.array(z.object({ forMaterial: z.string(), reason: z.enum(['material-change', 'material-flag']), recorded: z.boolean() })),
});
export type BoothQueue = z.infer<typeof BoothQueueSchema>;
