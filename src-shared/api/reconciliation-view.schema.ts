/** Wire schema of the order's returns and reconciliation (src-shared/orders/reconciliation-view.ts). */
import { z } from 'zod';
import { MassSchema } from '../master-data/common.ts';
import type { ReconciliationView } from '../orders/reconciliation-view.ts';
import { RETURN_DECISIONS } from '../reconciliation/return-finding.ts';

export const ReconciliationViewSchema = z.object({
  containers: z.array(
    z.object({
      containerId: z.string(),
      lotId: z.string(),
      materialCode: z.string(),
      issued: MassSchema,
      dispensed: MassSchema,
      theoretical: MassSchema,
      returnable: z.boolean(),
      return: z
        .object({
          seq: z.number(),
          declaredEmpty: z.boolean(),
          remaining: MassSchema,
          returned: MassSchema,
          difference: MassSchema,
          beyondLimit: z.boolean(),
          manual: z.boolean(),
          status: z.enum(['settled', 'awaiting-verification', 'awaiting-decision']),
          decision: z.enum(RETURN_DECISIONS).nullable(),
          labelled: z.boolean(),
        })
        .nullable(),
      spilt: MassSchema,
    }),
  ),
  canReconcile: z.boolean(),
  recordedSeq: z.number().nullable(),
});

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const viewMatches: Same<z.infer<typeof ReconciliationViewSchema>, ReconciliationView> = true;
void viewMatches;
