/**
 * Open deviation records and CAPA actions by age and class (issue 15 item 4): deviations by the
 * time since they were raised, CAPA actions by the time since they were planned, each under the
 * classification of its deviation record (unclassified until QA classifies it).
 */
import { isNull, ne } from 'drizzle-orm';
import { ageBucket, AGE_BUCKETS, CLASS_ROWS, type QualityAgeing } from '../../../src-shared/quality/dashboard-contract.ts';
import type { HubContext } from '../../hub-context.ts';
import { qualityCapaActions, qualityDeviations } from '../db/deviation-schema.ts';

type ClassRow = (typeof CLASS_ROWS)[number];
const empty = (): Record<ClassRow, number[]> => ({ critical: AGE_BUCKETS.map(() => 0), major: AGE_BUCKETS.map(() => 0), minor: AGE_BUCKETS.map(() => 0), unclassified: AGE_BUCKETS.map(() => 0) });

export async function qualityAgeingFigure(ctx: HubContext): Promise<QualityAgeing> {
  const now = ctx.clock.now();
  const open = await ctx.db.select().from(qualityDeviations).where(ne(qualityDeviations.state, 'closed'));
  const all = await ctx.db.select({ id: qualityDeviations.id, classification: qualityDeviations.classification }).from(qualityDeviations);
  const classOf = new Map(all.map((d) => [d.id, (d.classification ?? 'unclassified') as ClassRow]));
  const actions = await ctx.db.select().from(qualityCapaActions).where(isNull(qualityCapaActions.doneAt));
  const dev = empty();
  for (const d of open) dev[(d.classification ?? 'unclassified') as ClassRow][AGE_BUCKETS.indexOf(ageBucket(now.getTime() - d.raisedAt.getTime()))]!++;
  const capa = empty();
  for (const a of actions) capa[classOf.get(a.deviationId) ?? 'unclassified'][AGE_BUCKETS.indexOf(ageBucket(now.getTime() - a.createdAt.getTime()))]!++;
  return {
    asOf: now.toISOString(),
    deviations: { open: open.length, overdue: open.filter((d) => d.dueAt !== null && d.dueAt < now).length, byClass: dev },
    capa: { open: actions.length, overdue: actions.filter((a) => a.dueAt < now).length, byClass: capa },
  };
}
