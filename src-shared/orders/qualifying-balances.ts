/**
 * The booth balances named in a refusal for a balance's range (issue 18, item 4): the engine
 * puts them in the error's details, the station screen offers each as a one-touch switch.
 * One shape and one list of codes, so the two cannot drift apart.
 */
import { z } from 'zod';
import type { ErrorCode } from '../errors.ts';
import { MassSchema } from '../master-data/common.ts';
import type { BatchlineError } from '../result.ts';

/** Refusals that another balance of the same booth may not have. */
export const BALANCE_FIT_CODES: readonly ErrorCode[] = ['BALANCE_BELOW_MINIMUM_WEIGHT', 'BALANCE_ABOVE_CAPACITY', 'TOLERANCE_FINER_THAN_READABILITY'];

export const QualifyingBalanceSchema = z.object({
  balanceId: z.string(),
  name: z.string(),
  /** USP <41> minimum weight, exact. */
  minimumWeight: MassSchema,
  capacity: MassSchema,
  readability: MassSchema,
});
export type QualifyingBalance = z.infer<typeof QualifyingBalanceSchema>;

/** The balances a refusal names; none for any other error, or details not of this shape. */
export function qualifyingBalancesOf(error: BatchlineError | null): QualifyingBalance[] {
  if (!error || !BALANCE_FIT_CODES.includes(error.code)) return [];
  const parsed = z.array(QualifyingBalanceSchema).safeParse(error.details?.qualifyingBalances);
  return parsed.success ? parsed.data : [];
}
