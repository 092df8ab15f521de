/** SQLite store of the rooms' environment state (core/environment/room-environment.ts; migration 0011). */
import type Database from 'better-sqlite3';
import type { QuantityState } from '../../src-core/environment/excursion-machine.ts';
import type { EnvironmentSource, EnvironmentStateStore } from '../core/environment/room-environment.ts';

export function sqliteEnvironmentStateStore(db: Database.Database): EnvironmentStateStore {
  const one = db.prepare('select state from environment_states where room = ? and quantity = ? and source = ?');
  const upsert = db.prepare('insert into environment_states (room, quantity, source, state, last_time) values (?,?,?,?,?) on conflict(room, quantity, source) do update set state = excluded.state, last_time = excluded.last_time');
  const ofRoom = db.prepare('select source, state from environment_states where room = ?');
  return {
    get: (room, quantity, source) => {
      const row = one.get(room, quantity, source) as { state: string } | undefined;
      return row ? (JSON.parse(row.state) as QuantityState) : undefined;
    },
    put: (source, state) => void upsert.run(state.room, state.quantity, source, JSON.stringify(state), state.lastTime),
    room: (room) => (ofRoom.all(room) as { source: EnvironmentSource; state: string }[]).map((r) => ({ source: r.source, state: JSON.parse(r.state) as QuantityState })),
  };
}
