/**
 * Process equipment at the station (issue 13 items 2 and 4): the station's equipment with its
 * status now, and its logbook entries made here (cleaning, maintenance, breakdown), each a signed
 * record that syncs to the hub's logbook.
 */
import { z } from 'zod';
import { BatchlineErrorSchema } from '../errors.ts';
import { RecordStationLogbookSchema, StationLogbookKind, StationLogbookPayloadSchema } from '../equipment/station-logbook-contract.ts';
import { Code } from '../master-data/common.ts';
import { endpoint } from './contract.ts';

const READERS = ['operator', 'supervisor', 'qa', 'qp'] as const;

export const StationLogbookViewSchema = z.object({
  seq: z.number(),
  equipmentId: z.string(),
  kind: StationLogbookKind,
  at: z.string(),
  by: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  payload: StationLogbookPayloadSchema,
});

export const equipmentContract = {
  'equipment.logbook': endpoint(READERS, z.object({ equipmentId: Code.optional() }).strict(), z.array(StationLogbookViewSchema)),
  'equipment.recordLogbook': endpoint(['operator', 'supervisor', 'qa'], RecordStationLogbookSchema, z.object({ entry: StationLogbookViewSchema, verification: BatchlineErrorSchema.nullable() })),
};
