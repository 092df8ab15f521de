/**
 * Environmental monitoring at the hub (issue 13 item 1). Every reading, from MQTT or OPC UA, is
 * stored once (room, quantity, time: a repeat is a no-op, so at-least-once delivery loses and
 * doubles nothing) and run through the one excursion state machine (src-core/environment) under
 * a row lock on that room's and quantity's state, so several hub processes can ingest the same
 * feed. Excursion start, escalation, end and acknowledgement are in the hub audit trail.
 * Refused payloads are kept with their typed reason (environment_refusals).
 */
import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { acknowledge, initialState, observe, type Excursion, type ExcursionEvent } from '../../src-core/environment/excursion-machine.ts';
import type { RoomOverview, RoomQuantityState } from '../../src-shared/environment/environment-contract.ts';
import type { EnvironmentReading, Quantity } from '../../src-shared/environment/environment-reading.ts';
import { RoomSchema, type Room } from '../../src-shared/master-data/room.ts';
import { err, ok, type BatchlineError, type Result } from '../../src-shared/result.ts';
import type { HubPrincipal } from '../admin/admin-auth.ts';
import { audit } from '../admin/hub-audit.ts';
import type { HubQuery } from '../db/open-hub-db.ts';
import { masterData, masterDataChanges } from '../db/schema.ts';
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
    const [o] = await this.ingestMany([r], source);
    return o!;
  }

  /**
   * Readings in one transaction (issue 13 item 6: one commit per reading held the MQTT ingest at
   * a few dozen readings a second). Same contract as one by one, in the order given: each reading
   * is stored once (a repeat, also within the batch, is a no-op), and each room's and quantity's
   * readings run through the state machine in order under that state's row lock, taken in
   * (room, quantity) order so two hub processes never deadlock. One outcome per reading, in order.
   */
  async ingestMany(readings: readonly EnvironmentReading[], source: string): Promise<IngestOutcome[]> {
    if (readings.length === 0) return [];
    return this.ctx.db.transaction(async (tx): Promise<IngestOutcome[]> => {
      const now = this.ctx.clock.now();
      const keyOf = (room: string, quantity: string, atMs: number) => `${room}\u0000${quantity}\u0000${atMs}`;
      const inserted = await tx
        .insert(environmentReadings)
        .values(readings.map((r) => ({ room: r.room, quantity: r.quantity, at: new Date(r.time), value: r.value, unit: r.unit, source, receivedAt: now })))
        .onConflictDoNothing()
        .returning({ room: environmentReadings.room, quantity: environmentReadings.quantity, at: environmentReadings.at });
      const fresh = new Set(inserted.map((i) => keyOf(i.room, i.quantity, i.at.getTime())));
      const outcomes: IngestOutcome[] = readings.map((r) => {
        const k = keyOf(r.room, r.quantity, Date.parse(r.time));
        // The first of two equal readings in one batch is the stored one.
        if (fresh.delete(k)) return { stored: true, applied: false, events: [] };
        return { stored: false, applied: false, events: [], note: { code: 'ENV_READING_STALE', message: `reading ${r.room}/${r.quantity} at ${r.time} is already kept` } };
      });
      const stored = readings.map((r, i) => ({ r, i })).filter(({ i }) => outcomes[i]!.stored);
      if (stored.length === 0) return outcomes;
      const rooms = await roomsOf(tx, [...new Set(stored.map(({ r }) => r.room))]);
      const byState = new Map<string, { room: RoomInForce; list: { r: EnvironmentReading; i: number }[] }>();
      for (const x of stored) {
        const room = rooms.get(x.r.room);
        if (!room) {
          outcomes[x.i]!.note = { code: 'ENV_ROOM_UNKNOWN', message: `room ${x.r.room} has no limits in the master data`, details: { room: x.r.room } };
          continue;
        }
        const k = `${x.r.room}\u0000${x.r.quantity}`;
        const held = byState.get(k) ?? { room, list: [] };
        held.list.push(x);
        byState.set(k, held);
      }
      for (const k of [...byState.keys()].sort()) {
        const { room, list } = byState.get(k)!;
        const { room: roomId, quantity } = list[0]!.r;
        await tx.insert(environmentStates).values({ room: roomId, quantity, state: initialState(roomId, quantity), updatedAt: now }).onConflictDoNothing();
        const [row] = await tx.select().from(environmentStates).where(and(eq(environmentStates.room, roomId), eq(environmentStates.quantity, quantity))).for('update');
        let state = row!.state;
        let changed = false;
        let peakMoved = false;
        for (const { r, i } of list) {
          const limits = (await limitsAt(tx, room, r.time)).limits.find((l) => l.quantity === quantity);
          const o = observe(state, r, limits);
          if (!o.ok) {
            outcomes[i]!.note = o.error;
            continue;
          }
          state = o.value.state;
          changed = true;
          outcomes[i] = { stored: true, applied: true, events: o.value.events };
          for (const e of o.value.events) await this.record(tx, e, now);
          peakMoved = o.value.events.length === 0 && state.excursion !== null;
        }
        if (!changed) continue;
        await tx.update(environmentStates).set({ state, updatedAt: now }).where(and(eq(environmentStates.room, roomId), eq(environmentStates.quantity, quantity)));
        // The peak of an open excursion moves without an event: keep the stored copy current.
        const open = state.excursion;
        if (open && peakMoved) await tx.update(environmentExcursions).set({ data: open, updatedAt: now }).where(eq(environmentExcursions.id, open.excursionId));
      }
      return outcomes;
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

  /** Every room of the master data with its limits and its state now per quantity (the console's rooms screen). */
  async roomOverview(): Promise<RoomOverview[]> {
    const rows = await this.ctx.db.select({ key: masterData.key, data: masterData.data, version: masterData.version }).from(masterData).where(eq(masterData.kind, 'room')).orderBy(asc(masterData.key));
    const rooms = rows.flatMap((r) => {
      const parsed = r.data === null ? null : RoomSchema.safeParse(r.data);
      return parsed?.success ? [{ room: parsed.data, version: r.version }] : [];
    });
    const states = await this.roomStates(rooms.map((r) => r.room.roomId));
    return rooms.map(({ room: r, version }) => ({ roomId: r.roomId, name: r.name, version, limits: r.limits, states: states.filter((x) => x.room === r.roomId) }));
  }

  /** How many readings are kept (benches and the no-loss tests count them). */
  async readingCount(room: string): Promise<number> {
    const [row] = await this.ctx.db.select({ n: sql<number>`count(*)::int` }).from(environmentReadings).where(eq(environmentReadings.room, room));
    return row?.n ?? 0;
  }
}

/** A room's current version, since when it is in force, and the earlier versions looked up so far. */
interface RoomInForce {
  room: Room;
  since: Date;
  earlier: Map<string, Room>;
}

async function roomsOf(q: HubQuery, roomIds: string[]): Promise<Map<string, RoomInForce>> {
  const rows = await q.select({ key: masterData.key, data: masterData.data, updatedAt: masterData.updatedAt }).from(masterData).where(and(eq(masterData.kind, 'room'), inArray(masterData.key, roomIds)));
  const out = new Map<string, RoomInForce>();
  for (const row of rows) {
    const parsed = row.data === null ? null : RoomSchema.safeParse(row.data);
    if (parsed?.success) out.set(row.key, { room: parsed.data, since: row.updatedAt, earlier: new Map() });
  }
  return out;
}

/**
 * The room as it was at a reading's time (FR-110): a change of limits counts from its time on, so
 * a reading taken before it (arriving late) is judged by the limits then in force. Readings from
 * before the room's first version are judged by that first version. Only late readings pay the look-up.
 */
async function limitsAt(q: HubQuery, r: RoomInForce, time: string): Promise<Room> {
  const at = new Date(time);
  if (at >= r.since) return r.room;
  const [row] = await q
    .select({ version: masterDataChanges.version, data: masterDataChanges.data })
    .from(masterDataChanges)
    .where(and(eq(masterDataChanges.kind, 'room'), eq(masterDataChanges.key, r.room.roomId), lte(masterDataChanges.changedAt, at)))
    .orderBy(desc(masterDataChanges.version))
    .limit(1);
  const [first] = row
    ? [row]
    : await q.select({ version: masterDataChanges.version, data: masterDataChanges.data }).from(masterDataChanges).where(and(eq(masterDataChanges.kind, 'room'), eq(masterDataChanges.key, r.room.roomId))).orderBy(asc(masterDataChanges.version)).limit(1);
  if (!first || first.data === null) return r.room;
  const key = String(first.version);
  const kept = r.earlier.get(key);
  if (kept) return kept;
  const parsed = RoomSchema.safeParse(first.data);
  const room = parsed.success ? parsed.data : r.room;
  r.earlier.set(key, room);
  return room;
}
