/**
 * A liquid dispensed by volume (issue 17 item 3): the operator reads a volumetric device of the
 * booth at its resolution; the mass it counts is volume × the lot's density, exact; the volume
 * is held to the portion's volume window (recipe/dispensing-modes.ts, FR-21). Like
 * dispense.weighed, it is recorded whatever its verdict (DI-06) and counts only when within.
 */
import { z } from 'zod';
import { UtcTime } from '../ledger-entry.ts';
import { Code, DecimalString, MassSchema } from '../../master-data/common.ts';
import { WindowSchema } from './dispensing.ts';

export const volumeEntryTypes = {
  'dispense.volume_measured': z.object({
    stepId: Code,
    stepIndex: z.number().int().nonnegative(),
    lineId: Code,
    portion: z.number().int().positive(),
    containerId: Code,
    lotId: Code,
    device: z.object({ deviceId: Code, name: z.string(), kind: z.string(), resolutionMl: DecimalString, capacityMl: DecimalString, calibrationDueAt: z.string() }),
    volumeMl: DecimalString,
    densityGPerMl: DecimalString,
    volumeWindow: z.object({ target: DecimalString, lower: DecimalString, upper: DecimalString, resolutionMl: DecimalString, densityGPerMl: DecimalString }),
    /** volume × density, exact, in grams: what the portion weighs. */
    net: MassSchema,
    contribution: MassSchema,
    cumulative: MassSchema,
    lineWindow: WindowSchema,
    potencyFraction: z.string().optional(),
    verdict: z.enum(['below', 'within', 'above']),
    outcome: z.enum(['accepted', 'partial', 'out-of-tolerance']),
    declaredPartial: z.boolean(),
    containerLeftAfter: MassSchema,
    stockShortfall: MassSchema.optional(),
    holdUntil: UtcTime.optional(),
  }),
};
