/**
 * IPQC checks overdue by what the hub holds (issue 12): each batch a station started with check
 * plans and has not completed, as far as its synced ledger goes, is scheduled by the station's own
 * rule (src-core/ipqc/check-schedule.ts) against the hub clock, the units the station counted and
 * the results it synced. A check whose earliest unanswered occurrence is past its grace is written
 * to the hub audit trail as `ipqc.check_overdue`, once per station, batch, check and occurrence,
 * however many hub processes sweep; the notifier pushes it to whoever hears of overdue records.
 * The IPQC projector writes the same action for a result recorded late that no sweep flagged, so a
 * missed occurrence is told once either way.
 *
 * What the hub cannot know: a result recorded at a station that has not synced since. The notice
 * therefore says what the hub holds; a station offline for longer than a check's interval is
 * reported overdue at the hub while its operator may have recorded it (the station alerts locally).
 */
import { sql } from 'drizzle-orm';
import type { CheckPlan } from '../../../src-shared/recipe/check-plan.ts';
import { checkSchedule } from '../../../src-core/ipqc/check-schedule.ts';
import type { HubQuery } from '../../db/open-hub-db.ts';
import type { HubContext } from '../../hub-context.ts';
import { audit } from '../../admin/hub-audit.ts';
import { rowsOf } from '../db/sql-rows.ts';

const MINUTE = 60_000;

export interface OverdueCheck {
  stationId: string;
  batchNumber: string;
  checkId: string;
  checkName: string;
  occurrence: number;
  dueAt: string | null;
  dueAtUnits: number | null;
}

export async function sweepIpqcOverdue(ctx: HubContext): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('batchline.ipqc:overdue-sweep'))`);
    const running = await rowsOf<{ station_id: string; batch: string; time: string; plans: CheckPlan[] }>(
      tx,
      // The running batches the IPQC projector keeps (migration 0047), each start entry by its key: the
      // catch-up before this sweep in the notification pass brought the table up to what was acknowledged.
      sql`select r.station_id, r.batch_ref as batch, s.time, s.payload->'plan'->'checkPlans' as plans
          from ipqc_running_batches r join ledger_entries s on s.station_id = r.station_id and s.seq = r.started_seq`,
    );
    let written = 0;
    for (const b of running) {
      const [counted] = await rowsOf<{ units: number }>(tx, sql`select (payload->>'units')::int as units from ledger_entries where batch_ref = ${b.batch} and station_id = ${b.station_id} and type = 'ipqc.output_counted' order by seq desc limit 1`);
      const answered = await rowsOf<{ check_id: string; n: number }>(
        tx,
        sql`select payload->>'checkId' as check_id, max((payload->>'occurrence')::int) as n from ledger_entries where batch_ref = ${b.batch} and station_id = ${b.station_id} and type = 'ipqc.result_recorded' group by 1`,
      );
      for (const plan of b.plans) {
        const last = Number(answered.find((a) => a.check_id === plan.checkId)?.n ?? 0);
        const s = checkSchedule({ plan, startedAt: new Date(b.time), now, units: Number(counted?.units ?? 0), lastAnswered: last });
        if (s.status !== 'overdue') continue;
        if (await overdueCheck(tx, now, dueOf({ stationId: b.station_id, batchNumber: b.batch, startedAt: new Date(b.time), plan, occurrence: last + 1 }))) written++;
      }
    }
    return written;
  });
}

/** Occurrence k of a plan: its due time (every N minutes) or unit count (every N units). */
export function dueOf(x: { stationId: string; batchNumber: string; startedAt: Date; plan: CheckPlan; occurrence: number }): OverdueCheck {
  const f = x.plan.frequency;
  return {
    stationId: x.stationId,
    batchNumber: x.batchNumber,
    checkId: x.plan.checkId,
    checkName: x.plan.name,
    occurrence: x.occurrence,
    dueAt: f.every === 'minutes' ? new Date(x.startedAt.getTime() + x.occurrence * f.minutes * MINUTE).toISOString() : null,
    dueAtUnits: f.every === 'units' ? x.occurrence * f.units : null,
  };
}

/** Writes `ipqc.check_overdue` unless this occurrence was told already. True when written. */
export async function overdueCheck(q: HubQuery, now: Date, c: OverdueCheck, extra: Record<string, unknown> = {}): Promise<boolean> {
  const subject = `${c.batchNumber}/${c.checkId}`;
  const [told] = await rowsOf<{ id: number }>(
    q,
    sql`select id from hub_audit where action = 'ipqc.check_overdue' and subject = ${subject} and details->>'stationId' = ${c.stationId} and (details->>'occurrence')::int = ${c.occurrence} limit 1`,
  );
  if (told) return false;
  await audit(q, now, { actor: 'hub', action: 'ipqc.check_overdue', subject, details: { ...c, ...extra } });
  return true;
}
