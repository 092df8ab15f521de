/**
 * Equipment signals at the hub (issue 13 item 3; docs/equipment-signals.md). A state change
 * closes the open interval at its source time, opens the next one and writes an automatic
 * logbook entry; a counter value is kept once (equipment, counter, source time) with its
 * increment since the last one (src-core/equipment/counter-delta.ts: baseline, reset,
 * rollover), and a reset or rollover is a logbook entry too. Both run under a row lock on the
 * equipment's state, so several hub processes can ingest the same equipment. A signal dated
 * before the last one applied is refused as EQUIPMENT_SIGNAL_STALE; the same value again (a
 * re-delivery after a reconnect) changes nothing.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { counterDelta } from '../../src-core/equipment/counter-delta.ts';
import type { CountIncrement, EquipmentState, StateInterval } from '../../src-core/equipment/oee.ts';
import type { StateLogbookEntry } from '../../src-shared/equipment/oee-contract.ts';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import type { HubQuery, HubTx } from '../db/open-hub-db.ts';
import type { HubContext } from '../hub-context.ts';
import { equipmentCounts, equipmentSignalLogbook, equipmentSignalRefusals, equipmentSignalStates, equipmentStateIntervals } from './signals-schema.ts';

export type CounterName = 'total' | 'good' | 'reject';

export interface SignalOutcome {
  /** Something changed (a new interval, a new count). */
  applied: boolean;
  /** The same value again: nothing to do. */
  repeat: boolean;
}

export class EquipmentSignalService {
  constructor(private readonly ctx: HubContext) {}

  private async lockState(tx: HubTx, equipmentId: string, now: Date) {
    await tx.insert(equipmentSignalStates).values({ equipmentId, counters: {}, updatedAt: now }).onConflictDoNothing();
    const [row] = await tx.select().from(equipmentSignalStates).where(eq(equipmentSignalStates.equipmentId, equipmentId)).for('update');
    return row!;
  }

  async applyState(equipmentId: string, state: EquipmentState, reason: string | null, at: Date, source: string): Promise<Result<SignalOutcome>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<SignalOutcome>> => {
      const now = this.ctx.clock.now();
      const row = await this.lockState(tx, equipmentId, now);
      if (row.state === state && row.reason === reason) return ok({ applied: false, repeat: true });
      if (row.since && at.getTime() <= row.since.getTime()) return err('EQUIPMENT_SIGNAL_STALE', `${equipmentId}: state ${state} at ${at.toISOString()} is not after the last change (${row.since.toISOString()})`, { equipmentId });
      await tx.update(equipmentStateIntervals).set({ endedAt: at }).where(and(eq(equipmentStateIntervals.equipmentId, equipmentId), isNull(equipmentStateIntervals.endedAt)));
      await tx.insert(equipmentStateIntervals).values({ equipmentId, startedAt: at, endedAt: null, state, reason, source });
      await tx.insert(equipmentSignalLogbook).values({ equipmentId, at, kind: 'state', fromState: row.state, toState: state, reason, details: null, source, recordedAt: now });
      await tx.update(equipmentSignalStates).set({ state, reason, since: at, updatedAt: now }).where(eq(equipmentSignalStates.equipmentId, equipmentId));
      return ok({ applied: true, repeat: false });
    });
  }

  async applyCounter(equipmentId: string, counter: CounterName, raw: number, at: Date, modulus: number | null, source: string): Promise<Result<SignalOutcome>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<SignalOutcome>> => {
      const now = this.ctx.clock.now();
      const row = await this.lockState(tx, equipmentId, now);
      const last = row.counters[counter];
      if (last && Date.parse(last.at) === at.getTime() && last.raw === raw) return ok({ applied: false, repeat: true });
      if (last && at.getTime() <= Date.parse(last.at)) return err('EQUIPMENT_SIGNAL_STALE', `${equipmentId}: ${counter} counter at ${at.toISOString()} is not after the last value (${last.at})`, { equipmentId, counter });
      const d = counterDelta(last ? last.raw : null, raw, modulus);
      await tx.insert(equipmentCounts).values({ equipmentId, counter, at, raw, increment: d.increment, step: d.step, source, receivedAt: now });
      if (d.step === 'reset' || d.step === 'rollover') {
        await tx.insert(equipmentSignalLogbook).values({ equipmentId, at, kind: d.step === 'reset' ? 'counter-reset' : 'counter-rollover', fromState: null, toState: null, reason: null, details: { counter, from: last!.raw, to: raw, increment: d.increment }, source, recordedAt: now });
      }
      await tx.update(equipmentSignalStates).set({ counters: { ...row.counters, [counter]: { raw, at: at.toISOString() } }, updatedAt: now }).where(eq(equipmentSignalStates.equipmentId, equipmentId));
      return ok({ applied: true, repeat: false });
    });
  }

  async refuse(source: string, equipmentId: string, nodeId: string, value: string | null, error: BatchlineError): Promise<void> {
    await this.ctx.db.insert(equipmentSignalRefusals).values({ at: this.ctx.clock.now(), source, equipmentId, nodeId, code: error.code, reason: typeof error.details?.reason === 'string' ? error.details.reason : null, message: error.message, value: value === null ? null : value.slice(0, 200) });
  }

  async refusals(): Promise<{ code: string; reason: string | null; count: number }[]> {
    return this.ctx.db
      .select({ code: equipmentSignalRefusals.code, reason: equipmentSignalRefusals.reason, count: sql<number>`count(*)::int` })
      .from(equipmentSignalRefusals)
      .groupBy(equipmentSignalRefusals.code, equipmentSignalRefusals.reason);
  }

  async logbook(equipmentId: string, limit = 200): Promise<StateLogbookEntry[]> {
    const rows = await this.ctx.db.select().from(equipmentSignalLogbook).where(eq(equipmentSignalLogbook.equipmentId, equipmentId)).orderBy(desc(equipmentSignalLogbook.at), desc(equipmentSignalLogbook.id)).limit(limit);
    return rows.map((r) => ({ equipmentId: r.equipmentId, at: r.at.toISOString(), kind: r.kind, fromState: r.fromState, toState: r.toState, reason: r.reason, details: r.details, source: r.source, recordedAt: r.recordedAt.toISOString() }));
  }

  /**
   * The state intervals overlapping [from, to) and the count increments in it, per equipment.
   * `goodCounter`: the equipment counts good units (its rejects add to the total), not all units.
   */
  async window(q: HubQuery, equipment: { equipmentId: string; goodCounter: boolean }[], from: Date, to: Date): Promise<Map<string, { intervals: StateInterval[]; counts: CountIncrement[] }>> {
    const ids = equipment.map((e) => e.equipmentId);
    const out = new Map(ids.map((id) => [id, { intervals: [] as StateInterval[], counts: [] as CountIncrement[] }]));
    if (ids.length === 0) return out;
    const intervals = await q
      .select()
      .from(equipmentStateIntervals)
      .where(and(inArray(equipmentStateIntervals.equipmentId, ids), lt(equipmentStateIntervals.startedAt, to), or(isNull(equipmentStateIntervals.endedAt), gt(equipmentStateIntervals.endedAt, from))))
      .orderBy(asc(equipmentStateIntervals.equipmentId), asc(equipmentStateIntervals.startedAt));
    for (const i of intervals) out.get(i.equipmentId)!.intervals.push({ state: i.state, reason: i.reason, startMs: i.startedAt.getTime(), endMs: i.endedAt ? i.endedAt.getTime() : null });
    const counts = await q
      .select()
      .from(equipmentCounts)
      .where(and(inArray(equipmentCounts.equipmentId, ids), gte(equipmentCounts.at, from), lt(equipmentCounts.at, to)))
      .orderBy(asc(equipmentCounts.at));
    const good = new Set(equipment.filter((e) => e.goodCounter).map((e) => e.equipmentId));
    for (const c of counts) {
      if (c.increment === 0) continue;
      const counts = out.get(c.equipmentId)!.counts;
      const mode = good.has(c.equipmentId) ? 'good' : 'total';
      if (c.counter === 'reject') counts.push({ atMs: c.at.getTime(), total: mode === 'good' ? c.increment : 0, reject: c.increment });
      // The counter the equipment is not configured with is ignored (kept, never counted twice).
      else if (c.counter === mode) counts.push({ atMs: c.at.getTime(), total: c.increment, reject: 0 });
    }
    return out;
  }
}
