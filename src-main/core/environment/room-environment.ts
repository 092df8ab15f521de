/**
 * The rooms' environment at the station (issue 13 item 1): what the engine's gate asks
 * (`blocking(room)`), fed from two sources through ports: readings from the station's own broker
 * subscription (src-main/devices/environment), run through the same excursion state machine as
 * the hub's (src-core/environment), and the hub's room state taken at sync. Per quantity the
 * source with the later last reading counts, so an old hub answer never outvotes a newer local
 * reading, and a station cut off from the broker still blocks on what the hub last said (and
 * the other way round). State is kept in the station database (migration 0011), so a restart
 * still blocks. Each start, escalation and end of an excursion in the room of an order in
 * progress is recorded in that batch (`environment.excursion_recorded`), once per excursion and
 * event whichever source saw it first.
 */
import { initialState, observe, type ExcursionEvent, type QuantityState } from '../../../src-core/environment/excursion-machine.ts';
import type { Ledger } from '../../../src-core/ledger/ledger-ports.ts';
import type { RoomQuantityState } from '../../../src-shared/environment/environment-contract.ts';
import type { EnvironmentReading } from '../../../src-shared/environment/environment-reading.ts';
import type { NewEntry } from '../../../src-shared/ledger/ledger-entry.ts';
import { err, ok, type Result } from '../../../src-shared/result.ts';
import type { ActionBlock, EnvironmentGate } from '../engine/environment-checks.ts';
import type { OrderQueue } from '../engine/order-queue.ts';
import type { MasterDataReader } from '../master-data/master-data-reader.ts';

export type EnvironmentSource = 'broker' | 'hub';

/** Where the state per room, quantity and source is kept (SQLite: db/environment-state-repo.ts). */
export interface EnvironmentStateStore {
  get(room: string, quantity: string, source: EnvironmentSource): QuantityState | undefined;
  put(source: EnvironmentSource, state: QuantityState): void;
  room(room: string): { source: EnvironmentSource; state: QuantityState }[];
}

export interface RoomEnvironmentDeps {
  store: EnvironmentStateStore;
  masterData: MasterDataReader;
  ledger: Ledger;
  orders: OrderQueue;
  /** Alarms (issue 13 item 5): an action excursion raises one, its end clears it (core/alarm/alarm-service.ts). */
  alarms?: { excursionEvents(events: readonly ExcursionEvent[]): Result<void> };
}

export class RoomEnvironment implements EnvironmentGate {
  constructor(private readonly deps: RoomEnvironmentDeps) {}

  /** A reading from the station's own broker subscription. */
  observe(r: EnvironmentReading): Result<ExcursionEvent[]> {
    const room = this.deps.masterData.get('room', r.room);
    if (!room) return err('ENV_ROOM_UNKNOWN', `room ${r.room} has no limits in this station's master data`, { room: r.room });
    const before = this.deps.store.get(r.room, r.quantity, 'broker') ?? initialState(r.room, r.quantity);
    const o = observe(before, r, room.data.limits.find((l) => l.quantity === r.quantity));
    if (!o.ok) return o;
    this.deps.store.put('broker', o.value.state);
    const recorded = this.record(o.value.events, 'broker');
    if (!recorded.ok) return recorded;
    const alarmed = this.deps.alarms?.excursionEvents(o.value.events) ?? ok(undefined);
    return alarmed.ok ? ok(o.value.events) : alarmed;
  }

  /** The hub's room state (sync): kept as the `hub` source; new excursions are recorded. */
  applyHub(states: RoomQuantityState[]): Result<ExcursionEvent[]> {
    const events: ExcursionEvent[] = [];
    for (const h of states) {
      const before = this.deps.store.get(h.room, h.quantity, 'hub');
      if (before?.lastTime && h.lastTime && Date.parse(h.lastTime) <= Date.parse(before.lastTime)) continue;
      this.deps.store.put('hub', { ...initialState(h.room, h.quantity), lastTime: h.lastTime, lastValue: h.lastValue, level: h.level, excursion: h.excursion });
      const x = h.excursion;
      if (x && before?.excursion?.excursionId !== x.excursionId) events.push({ kind: 'started', excursion: x });
      else if (x && x.level === 'action' && before?.excursion?.level !== 'action') events.push({ kind: 'escalated', excursion: x });
    }
    const recorded = this.record(events, 'hub');
    if (!recorded.ok) return recorded;
    const alarmed = this.deps.alarms?.excursionEvents(events) ?? ok(undefined);
    return alarmed.ok ? ok(events) : alarmed;
  }

  /** The room's open action excursion now, by the newest source per quantity. */
  blocking(roomId: string): ActionBlock | null {
    const newest = new Map<string, QuantityState>();
    for (const { state } of this.deps.store.room(roomId)) {
      const held = newest.get(state.quantity);
      if (!held || Date.parse(state.lastTime ?? '') > Date.parse(held.lastTime ?? '')) newest.set(state.quantity, state);
    }
    for (const s of newest.values()) {
      const x = s.excursion;
      if (s.level === 'action' && x) return { room: roomId, quantity: s.quantity, value: s.lastValue ?? x.peak.value, unit: x.unit, limit: x.actionLimit, excursionId: x.excursionId, since: x.actionStartedAt ?? x.startedAt };
    }
    return null;
  }

  /** Each event into every order in progress in a booth of that room, once per excursion and event. */
  private record(events: ExcursionEvent[], source: EnvironmentSource): Result<void> {
    if (events.length === 0) return ok(undefined);
    const booths = this.deps.masterData.list('booth');
    const entries: NewEntry[] = [];
    for (const order of this.deps.orders.list({ status: 'in-progress' })) {
      const boothId = order.boothId;
      if (!boothId) continue;
      const room = booths.find((b) => b.key === boothId)?.data.room;
      const mine = events.filter((e) => e.excursion.room === room);
      if (mine.length === 0) continue;
      const seen = new Set(
        this.deps.ledger
          .query({ batchRef: order.batchNumber, types: ['environment.excursion_recorded'], limit: Number.MAX_SAFE_INTEGER })
          .map((e) => `${(e.payload as { excursion: { excursionId: string } }).excursion.excursionId}#${(e.payload as { event: string }).event}`),
      );
      for (const e of mine) {
        if (seen.has(`${e.excursion.excursionId}#${e.kind}`)) continue;
        entries.push({ type: 'environment.excursion_recorded', actor: null, batchRef: order.batchNumber, payload: { event: e.kind, source, boothId, excursion: e.excursion } });
      }
    }
    if (entries.length === 0) return ok(undefined);
    const r = this.deps.ledger.append(entries);
    return r.ok ? ok(undefined) : r;
  }
}
