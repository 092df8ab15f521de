/**
 * Containment (issue 17 item 8): before the first weighing of a material with an occupational
 * exposure band in an order, the operator confirms the PPE checklist of that band and signs it
 * "performed". The entry names the booth and its class, so the record shows both were checked.
 */
import { z } from 'zod';
import { Code } from '../../master-data/common.ts';

export const containmentEntryTypes = {
  'ppe.checklist_confirmed': z.object({
    stepId: Code,
    stepIndex: z.number().int().nonnegative(),
    materialCode: Code,
    containmentLevel: z.number().int().min(1).max(5),
    boothId: Code,
    boothClass: z.number().int().min(1).max(5),
    items: z.array(z.object({ itemId: Code, text: z.string().min(1).max(200) })).min(1).max(20),
  }),
};
