/**
 * Projection of process-equipment entries (issue 13 item 2): the last use of each piece of
 * equipment at this station, which the engine's gate reads (a use after the hub's last cleaning
 * makes it dirty for the next batch).
 */
import type { DbWriteTx, Projector } from '../ledger-store.ts';

type P = Record<string, unknown>;
const run = (tx: DbWriteTx, sql: string, ...params: unknown[]) => tx.db.prepare(sql).run(...params);

export const equipmentProjectors: Record<string, Projector> = {
  'equipment.used': (tx, e) => {
    const p = e.payload as P;
    run(
      tx,
      'insert into equipment_uses (equipment_id, batch_number, product, used_at, seq) values (?,?,?,?,?) on conflict(equipment_id) do update set batch_number = excluded.batch_number, product = excluded.product, used_at = excluded.used_at, seq = excluded.seq',
      p.equipmentId, e.batchRef ?? '', p.product, e.time, e.seq,
    );
  },
};
