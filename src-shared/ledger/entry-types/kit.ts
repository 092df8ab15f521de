/**
 * Entries of kitting and verification at the point of use (issue 17 item 4). All carry the
 * order as batchRef and name their step. A dispensed container is named by its own id
 * (`DC-<seq of its weighing>`, src-shared/orders/dispensed-container.ts), which its label
 * carries as GS1 AI 21; the weighing it came from is recorded beside it.
 */
import { z } from 'zod';
import { UtcTime } from '../ledger-entry.ts';
import { Code, MassSchema } from '../../master-data/common.ts';

const stepRef = { stepId: Code, stepIndex: z.number().int().nonnegative() };
const containerRef = {
  containerId: z.string().min(1).max(64),
  weighingSeq: z.number().int().positive(),
  lineId: Code,
  materialCode: Code,
  lotId: z.string().min(1).max(64),
  net: MassSchema,
};

export const kitEntryTypes = {
  /** A dispensed container's label scanned into the kit; `raw` is the scan as received. */
  'kit.container_scanned': z.object({ ...stepRef, ...containerRef, raw: z.string().max(500).nullable(), scanned: z.number().int().positive(), of: z.number().int().positive() }),
  /** The complete kit put at a staging location (scanned or chosen). */
  'kit.staged': z.object({ ...stepRef, location: Code, containers: z.array(z.string().min(1).max(64)).min(1) }),
  /** The kit handed over: the giver signs it "performed"; the receiver may co-sign "witnessed". */
  'kit.handed_over': z.object({ ...stepRef, location: Code, containers: z.array(z.string().min(1).max(64)).min(1), forStepId: Code.nullable() }),
  /**
   * A container verified and charged at the point of use: it counts once its "performed"
   * signature is recorded. `holdUntil`: the pre-weighed material's hold time, checked then.
   */
  'kit.container_charged': z.object({ ...stepRef, ...containerRef, raw: z.string().max(500).nullable(), holdUntil: UtcTime.nullable() }),
};
