/**
 * The committed baseline of proven rows (docs/rtm-baseline.json). It only ever records what a
 * real run showed: `batchline rtm --write-baseline` writes the rows proven by the results it
 * read, so a row enters the baseline by passing, and leaves it only by a reviewed commit.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../src-shared/result.ts';
import type { Matrix } from './rtm-matrix.ts';

const BaselineSchema = z.object({
  note: z.string().optional(),
  writtenAt: z.string(),
  runStartedAt: z.string().nullable(),
  proven: z.array(z.string()),
});
export type RtmBaseline = z.infer<typeof BaselineSchema>;

export function parseBaseline(text: string): Result<RtmBaseline> {
  try {
    const parsed = BaselineSchema.safeParse(JSON.parse(text));
    return parsed.success ? ok(parsed.data) : err('INPUT_INVALID', 'the baseline is not an rtm baseline (writtenAt, runStartedAt, proven[])');
  } catch (e) {
    return err('INPUT_INVALID', `the baseline is not JSON: ${(e as Error).message}`);
  }
}

export function baselineFrom(m: Matrix, writtenAt: string): RtmBaseline {
  return {
    note: 'Rows proven by a passing test in the run named by runStartedAt. `npm test` fails when one of them loses its passing test; `batchline rtm --strict` is the full check. Rewrite with `batchline rtm --write-baseline docs/rtm-baseline.json` after a full run.',
    writtenAt,
    runStartedAt: m.runStartedAt,
    proven: m.rows.filter((r) => r.status === 'proven').map((r) => r.id),
  };
}
