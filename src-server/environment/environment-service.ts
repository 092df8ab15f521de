/**
 * Environmental monitoring at the hub (issue 13 item 1). Every reading, from MQTT or OPC UA, is
 * stored once (room, quantity, time: a repeat is a no-op, so at-least-once delivery loses and
 * doubles nothing) and run through the one excursion state machine (src-core/environment) under
 * a row lock on that room's and quantity's state, so several hub processes can ingest the same
 * feed. Excursion start, escalation, end and acknowledgement are in the hub audit trail.
 * Refused payloads are kept with their typed reason (environment_refusals).
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { acknowledge, initialState, observe, type Excursion, type ExcursionEvent } from '../../src-core/environment/excursion-machine.ts';
import type { RoomQuantityState } from '../../src-shared/environment/environment-contract.ts';
import type { EnvironmentReading, Quantity } from '../../src-shared/environment/environment-reading.ts';
import { RoomSchema, type Room } from '../../src-shared/master-data/room.ts';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import { masterData } from '../db/schema.ts';
import type { HubContext } from '../hub-context.ts';
import { environmentExcursions, environmentReadings, environmentRefusals, environmentStates } from './environment-schema.ts';

export interface IngestOutcome {
  /** The reading was new (stored); false for a repeat of one already kept. */
  stored: boolean;
  /** Applied to the state machine (false: a repeat, older than the last, or a room without limits). */
  applied: boolean;
  events: ExcursionEvent[];
  /** Why it was not applied, if it was not. */
  note?: BatchlineError;
}

export class EnvironmentService {
  constructor(private readonly ctx: HubContext) {}

  async ingest(r: EnvironmentReading, source: string): Promise<IngestOutcome> {
    return this.ctx.db.transaction(async (tx): Promise<IngestOutcome> => {
      const now = this.ctx.clock.now();
      const inserted = await tx
        .insert(environmentReadings)
        .values({ room: r.room, quantity: r.quantity, at: new Date(r.time), value: r.value, unit: r.unit, source, receivedAt: now })
        .onConflictDoNothing()
        .returning({ room: environmentReadings.room });
      if (inserted.length === 0) return { stored: false, applied: false, events: [], note: { code: 'ENV_READING_STALE', message: `reading ${r.room}/${r.quantity} at ${r.time} is already kept` } };
      const room = await roomOf(tx, r.room);
      if (!room) return { stored: true, applied: false, events: [], note: { code: 'ENV_ROOM_UNKNOWN', message: `room ${r.room} has no limits in the master data`, details: { room: r.room } } };
      await tx.insert(environmentStates).values({ room: r.room, quantity: r.quantity, state: initialState(r.room, r.quantity), updatedAt: now }).onConflictDoNothing();
      const [row] = await tx.select().from(environmentStates).where(and(eq(environmentStates.room, r.room), eq(environmentStates.quantity, r.quantity))).for('update');
      const o = observe(row!.state, r, room.limits.find((l) => l.quantity === r.quantity));
      if (!o.ok) return { stored: true, applied: false, events: [], note: o.error };
      await tx.update(environmentStates).set({ state: o.value.state, updatedAt: now }).where(and(eq(environmentStates.room, r.room), eq(environmentStates.quantity, r.quantity)));
      // The peak of an open excursion moves without an event: keep the stored copy current.
      const open = o.value.state.excursion;
      if (open && o.value.events.length === 0) await tx.update(environmentExcursions).set({ data: open, updatedAt: now }).where(eq(environmentExcursions.id, open.excursionId));
      for (const e of o.value.events) await this.record(tx, e, now);
      return { stored: true, applied: true, events: o.value.events };
    });
  }

  private async record(tx: HubQuery, e: ExcursionEvent, now: Date): Promise<void> {
    const x = e.excursion;
    const [existing] = await tx.select({ data: environmentExcursions.data }).from(environmentExcursions).where(eq(environmentExcursions.id, x.excursionId));
    // An acknowledgement given while the excursion was open stays with it.
    const data = existing?.data.acknowledgement ? { ...x, acknowledgement: existing.data.acknowledgement } : x;
    const values = { id: x.excursionId, room: x.room, quantity: x.quantity, level: x.level, startedAt: new Date(x.startedAt), endedAt: x.endedAt ? new Date(x.endedAt) : null, data, updatedAt: now };
    await tx.insert(environmentExcursions).values(values).onConflictDoUpdate({ target: environmentExcursions.id, set: { level: values.level, endedAt: values.endedAt, data, updatedAt: now } });
    await audit(tx, now, {
      actor: 'environment',
      action: `environment.excursion_${e.kind}`,
      subject: x.excursionId,
      details: { room: x.room, quantity: x.quantity, level: x.level, peak: x.peak.value, unit: x.unit, ...(x.endedAt ? { endedAt: x.endedAt } : {}) },
    });
  }

  /** A payload that did not parse, kept with its typed reason (never stops the ingest). */
  async refuse(source: string, topic: string | null, payload: string | null, error: BatchlineError): Promise<void> {
    await this.ctx.db.insert(environmentRefusals).values({
      at: this.ctx.clock.now(),
      source,
      topic,
      code: error.code,
      reason: typeof error.details?.reason === 'string' ? error.details.reason : null,
      message: error.message,
      payload: payload === null ? null : payload.slice(0, 1000),
    });
  }

  async refusals(): Promise<{ code: string; reason: string | null; count: number }[]> {
    const rows = await this.ctx.db
      .select({ code: environmentRefusals.code, reason: environmentRefusals.reason, count: sql<number>`count(*)::int` })
      .from(environmentRefusals)
      .groupBy(environmentRefusals.code, environmentRefusals.reason);
    return rows;
  }

  async list(filter: { open?: boolean; room?: string; limit?: number } = {}): Promise<Excursion[]> {
    const where = and(filter.open ? isNull(environmentExcursions.endedAt) : undefined, filter.room ? eq(environmentExcursions.room, filter.room) : undefined);
    const rows = await this.ctx.db.select({ data: environmentExcursions.data }).from(environmentExcursions).where(where).orderBy(desc(environmentExcursions.startedAt)).limit(filter.limit ?? 500);
    return rows.map((r) => r.data);
  }

  async acknowledge(who: HubPrincipal, excursionId: string, comment: string): Promise<Result<Excursion>> {
    return this.ctx.db.transaction(async (tx): Promise<Result<Excursion>> => {
      const [row] = await tx.select().from(environmentExcursions).where(eq(environmentExcursions.id, excursionId)).for('update');
      if (!row) return err('ENV_EXCURSION_UNKNOWN', `there is no excursion ${excursionId}`, { excursionId });
      const now = this.ctx.clock.now();
      const acked = acknowledge(row.data, who.username, comment, now);
      if (!acked.ok) {
        await audit(tx, now, { actor: who.username, action: 'environment.acknowledge_refused', subject: excursionId, ok: false, details: { code: acked.error.code, message: acked.error.message } });
        return acked;
      }
      await tx.update(environmentExcursions).set({ data: acked.value, acknowledgedBy: who.username, acknowledgedAt: now, updatedAt: now }).where(eq(environmentExcursions.id, excursionId));
      // The open state carries the excursion too: keep both copies the same.
      await tx.execute(sql`update environment_states set state = jsonb_set(state, '{excursion,acknowledgement}', ${JSON.stringify(acked.value.acknowledgement)}::jsonb) where room = ${row.room} and quantity = ${row.quantity} and state->'excursion'->>'excursionId' = ${excursionId}`);
      await audit(tx, now, { actor: who.username, action: 'environment.excursion_acknowledged', subject: excursionId, details: { comment: acked.value.acknowledgement!.comment } });
      return ok(acked.value);
    });
  }

  /** The rooms' state now, per quantity (what stations take into their own gate, FR-64). */
  async roomStates(rooms: string[]): Promise<RoomQuantityState[]> {
    if (rooms.length === 0) return [];
    const rows = await this.ctx.db.select().from(environmentStates).where(inArray(environmentStates.room, rooms)).orderBy(asc(environmentStates.room), asc(environmentStates.quantity));
    return rows.map(({ state: s }) => ({ room: s.room, quantity: s.quantity as Quantity, level: s.level, lastValue: s.lastValue, lastTime: s.lastTime, excursion: s.excursion }));
  }

  /** How many readings are kept (benches and the no-loss tests count them). */
  async readingCount(room: string): Promise<number> {
    const [row] = await this.ctx.db.select({ n: sql<number>`count(*)::int` }).from(environmentReadings).where(eq(environmentReadings.room, room));
    return row?.n ?? 0;
  }
}

async function roomOf(q: HubQuery, roomId: string): Promise<Room | null> {
  const [row] = await q.select({ data: masterData.data }).from(masterData).where(and(eq(masterData.kind, 'room'), eq(masterData.key, roomId)));
  if (!row || row.data === null) return null;
  const parsed = RoomSchema.safeParse(row.data);
  return parsed.success ? parsed.data : null;
}
