/**
 * Who is trained for which recipe (21 CFR 11.10(i); EU GMP Ch. 2.10). The key is
 * `<username>/<recipeCode>`; a record past its validUntil counts as not trained.
 */
import { z } from 'zod';
import { Code, IsoDate } from './common.ts';

export const TrainingSchema = z.object({
  username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
  recipeCode: Code,
  trainedOn: IsoDate,
  validUntil: IsoDate,
});
export type Training = z.infer<typeof TrainingSchema>;

export const trainingKey = (t: Pick<Training, 'username' | 'recipeCode'>): string => `${t.username}/${t.recipeCode}`;
