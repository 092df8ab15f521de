import { z } from 'zod';
import { StationLogbookPayloadSchema } from '../../equipment/station-logbook-contract.ts';
import { EquipmentClass } from '../../master-data/process-equipment.ts';

/**
 * Process equipment (issue 13 item 2). `equipment.used`: a piece of equipment taken into use at a
 * recipe step of the batch (batchRef), after the engine's gate (src-core/equipment/
 * equipment-fitness.ts) let it: the master-data version it was judged on and what the gate cited
 * (qualification documents, due dates, the cleaning relied on). The hub's equipment logbook
 * projects it; the station's `equipment_uses` projection makes the equipment dirty for the next
 * batch until a later cleaning.
 *
 * `equipment.logbook_recorded` (issue 13 item 4): a cleaning, maintenance or breakdown recorded at
 * the station, signed "performed" by its actor (and "verified" by a second person where given).
 * Effective at the station once signed; the hub's logbook projects it and writes the equipment's
 * new state into the master data every station pulls.
 */
export const equipmentEntryTypes = {
  'equipment.used': z.object({
    equipmentId: z.string().min(1),
    equipmentVersion: z.number().int().positive(),
    class: EquipmentClass,
    stepId: z.string().min(1),
    stepIndex: z.number().int().nonnegative(),
    product: z.string().min(1),
    clearance: z.record(z.string(), z.unknown()),
  }),
  'equipment.logbook_recorded': StationLogbookPayloadSchema,
};
