/**
 * Projections of `masterdata.applied` and `balance.check_recorded` into the master-data tables
 * (schema/master-data.ts), run inside the append transaction (LedgerStore.append).
 */
import type { DbWriteTx, Projector } from '../ledger-store.ts';

type P = Record<string, unknown>;
interface Change {
  kind: string;
  key: string;
  version: number;
  contentHash: string | null;
  data: P | null;
}

const run = (tx: DbWriteTx, sql: string, ...params: unknown[]) => tx.db.prepare(sql).run(...params);

export const masterDataProjectors: Record<string, Projector> = {
  'masterdata.applied': (tx, e) => {
    const p = e.payload as P;
    for (const c of p.changes as Change[]) {
      if (c.data === null) {
        run(tx, 'delete from master_data where kind = ? and key = ?', c.kind, c.key);
        if (c.kind === 'container') run(tx, 'delete from container_stock where container_id = ?', c.key);
        // FR-123: the withdrawn object's version is kept (kind "withdrawn:<kind>"), so versions only
        // grow across a withdrawal too: an older version (a plan a signed change replaced) is never
        // applied again after it.
        run(
          tx,
          `insert into master_data (kind, key, version, content_hash, data, applied_seq) values (?,?,?,'','{}',?)
           on conflict(kind, key) do update set version = excluded.version, applied_seq = excluded.applied_seq`,
          `withdrawn:${c.kind}`, c.key, c.version, e.seq,
        );
        continue;
      }
      run(tx, 'delete from master_data where kind = ? and key = ?', `withdrawn:${c.kind}`, c.key);
      run(
        tx,
        `insert into master_data (kind, key, version, content_hash, data, applied_seq) values (?,?,?,?,?,?)
         on conflict(kind, key) do update set version = excluded.version, content_hash = excluded.content_hash, data = excluded.data, applied_seq = excluded.applied_seq`,
        c.kind, c.key, c.version, c.contentHash, JSON.stringify(c.data), e.seq,
      );
      // A recipe refused before (schema version) and applied now (the station was upgraded) is no longer refused.
      if (c.kind === 'recipe') run(tx, "delete from master_data where kind = 'refused:recipe' and key = ?", c.key);
      if (c.kind === 'container') {
        // A new container version is the hub's authoritative content; station deductions restart from it.
        const q = c.data.quantity as { amount: string; unit: string };
        run(
          tx,
          'insert into container_stock (container_id, amount, unit, updated_seq) values (?,?,?,?) on conflict(container_id) do update set amount = excluded.amount, unit = excluded.unit, updated_seq = excluded.updated_seq',
          c.key, q.amount, q.unit, e.seq,
        );
      }
    }
    // A recipe refused for its schema version is remembered (kind "refused:recipe"), so starting
    // or importing an order of it names why rather than "unknown recipe"; an older version of the
    // same key the station held is dropped, never run in place of what the hub now says.
    for (const r of (p.refused ?? []) as { kind: string; key: string; version: number; schemaVersion: number; message: string }[]) {
      run(tx, 'delete from master_data where kind = ? and key = ?', r.kind, r.key);
      run(
        tx,
        `insert into master_data (kind, key, version, content_hash, data, applied_seq) values (?,?,?,?,?,?)
         on conflict(kind, key) do update set version = excluded.version, content_hash = excluded.content_hash, data = excluded.data, applied_seq = excluded.applied_seq`,
        `refused:${r.kind}`, r.key, r.version, '', JSON.stringify({ schemaVersion: r.schemaVersion, message: r.message }), e.seq,
      );
    }
    // The age limit counts from the newest batch the hub served, never backwards.
    run(
      tx,
      `insert into master_data_sync (id, served_at, origin, cursor, applied_seq) values (1,?,?,?,?)
       on conflict(id) do update set served_at = max(served_at, excluded.served_at), origin = excluded.origin, cursor = coalesce(excluded.cursor, cursor), applied_seq = excluded.applied_seq`,
      p.servedAt, p.origin, p.cursor, e.seq,
    );
  },
  'balance.check_recorded': (tx, e) => {
    const p = e.payload as P;
    run(tx, 'insert into balance_checks (seq, balance_id, plan_id, passed, performed_at, record) values (?,?,?,?,?,?)', e.seq, p.balanceId, p.planId, p.passed ? 1 : 0, p.performedAt, JSON.stringify(p));
  },
};
