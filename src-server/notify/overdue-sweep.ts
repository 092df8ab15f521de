/**
 * Due dates and escalation (issue 12 item 5): a deviation record or a CAPA action past its due
 * date is written to the hub audit trail as `deviation.overdue` — at the due date for QA, and
 * again, escalated to the QP, a week later — once per record, action and level, however many
 * hub processes sweep. The notification rules then decide who is told, and how.
 */
import { and, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { hubAudit } from '../db/schema.ts';
import { audit } from '../admin/hub-audit.ts';
import type { HubContext } from '../hub-context.ts';
import { qualityCapaActions, qualityDeviations } from '../quality/db/deviation-schema.ts';

const DAY_MS = 86_400_000;

/** Who is told at each level, and how long after the due date the level is reached. */
export const ESCALATION: readonly { level: number; afterDays: number; roles: readonly string[] }[] = [
  { level: 1, afterDays: 0, roles: ['qa'] },
  { level: 2, afterDays: 7, roles: ['qp'] },
];

/**
 * The open deviation records past their due date: the predicate of the partial index
 * quality_deviations_open_due (migration 0049), the state written as a literal so that a generic
 * plan of a prepared statement can prove it (a bound parameter could be anything).
 */
export const overdueRecords = (now: Date): SQL => and(sql`${qualityDeviations.state} <> 'closed'`, isNotNull(qualityDeviations.dueAt), lt(qualityDeviations.dueAt, now))!;
/** The open CAPA actions past their due date: the partial index quality_capa_actions_open_due (migration 0049). */
export const overdueActions = (now: Date): SQL => and(isNull(qualityCapaActions.doneAt), lt(qualityCapaActions.dueAt, now))!;

export async function sweepOverdue(ctx: HubContext): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.notify:overdue-sweep'))`);
    const records = await tx
      .select({ id: qualityDeviations.id, dueAt: qualityDeviations.dueAt, title: qualityDeviations.title, batchNumber: qualityDeviations.batchNumber, classification: qualityDeviations.classification })
      .from(qualityDeviations)
      .where(overdueRecords(now));
    const actions = await tx
      .select({ id: qualityCapaActions.id, deviationId: qualityCapaActions.deviationId, dueAt: qualityCapaActions.dueAt, description: qualityCapaActions.description, owner: qualityCapaActions.owner })
      .from(qualityCapaActions)
      .where(overdueActions(now));
    const due = [
      ...records.map((r) => ({ subject: r.id, actionId: null as number | null, dueAt: r.dueAt!, facts: { title: r.title, batchNumber: r.batchNumber, classification: r.classification } })),
      ...actions.map((a) => ({ subject: a.deviationId, actionId: a.id, dueAt: a.dueAt, facts: { title: a.description, owner: a.owner } })),
    ];
    if (due.length === 0) return 0;
    // Only the levels already written for these records (index hub_audit_action_subject, migration 0026).
    const done = await tx
      .select({ subject: hubAudit.subject, details: hubAudit.details })
      .from(hubAudit)
      .where(and(eq(hubAudit.action, 'deviation.overdue'), inArray(hubAudit.subject, [...new Set(due.map((d) => d.subject))])));
    const seen = new Set(done.map((r) => { const d = r.details as { level: number; actionId?: number }; return `${r.subject}|${d.actionId ?? ''}|${d.level}`; }));
    let written = 0;
    for (const d of due) {
      for (const e of ESCALATION) {
        if (now.getTime() < d.dueAt.getTime() + e.afterDays * DAY_MS) continue;
        const key = `${d.subject}|${d.actionId ?? ''}|${e.level}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await audit(tx, now, { actor: 'hub', action: 'deviation.overdue', subject: d.subject, details: { level: e.level, escalateTo: [...e.roles], dueAt: d.dueAt.toISOString(), ...(d.actionId !== null && { actionId: d.actionId }), ...d.facts } });
        written++;
      }
    }
    return written;
  });
}
