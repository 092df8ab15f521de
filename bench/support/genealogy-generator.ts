/**
 * A synthetic plant genealogy generated inside PostgreSQL with generate_series (no rows cross
 * the wire, so ten million lots take minutes, not hours), shaped like real dispensing:
 *
 *   - three excipient materials whose lots each feed ~2,000 consecutive batches (a few lots
 *     used in thousands of batches: the expensive forward trace of a recall);
 *   - two API materials whose lots each feed 5 batches;
 *   - every raw lot in 2 source containers; every dispensing a dispensed-container node;
 *   - four batch levels (granulate -> blend -> tablets -> packs): a batch of level 1–3 also
 *     uses the output lots of two batches of the level below (b-1 and b-5), so genealogy runs
 *     through up to four batches and sixteen edges;
 *   - every batch produces one output lot (with its own container).
 *
 * With B batches: lots = 1.4·B (raw + output), nodes ≈ 10.7·B, edges ≈ 15.8·B. Node ids are
 * computed, not looked up, so the edges need no joins while loading; keys are readable
 * (RM-<n> raw lot, FG-<b> output lot, B-<b> batch, C-/D-<id> containers).
 */
import { sql, type SQL } from 'drizzle-orm';

/** Integers written into the SQL text: CREATE TABLE AS cannot take bind parameters. */
const n = (v: number): SQL => sql.raw(String(Math.trunc(v)));

export const EXCIPIENT_RUN = 2000;
export const API_RUN = 5;

export interface GenealogyShape {
  batches: number;
  rawLots: number;
  lots: number;
  nE: number;
  nA: number;
  /** First id of each kind's range (ids are 1-based offsets from these). */
  base: { lot: number; container: number; batch: number; dispense: number };
}

export function shapeFor(targetLots: number): GenealogyShape {
  const batches = Math.max(20, Math.round(targetLots / 1.4));
  const nE = Math.ceil(batches / EXCIPIENT_RUN);
  const nA = Math.ceil(batches / API_RUN);
  const rawLots = 3 * nE + 2 * nA;
  const lots = rawLots + batches;
  const container = lots;
  const batch = container + 2 * rawLots + batches;
  const dispense = batch + batches;
  return { batches, rawLots, lots, nE, nA, base: { lot: 0, container, batch, dispense } };
}

/**
 * The statements that load the genealogy into empty genealogy tables, in order (one
 * transaction); then run VACUUM ANALYZE on both tables outside it, as autovacuum would, so
 * index-only scans need no heap visits.
 *
 * Every index, the node table's primary key too, is dropped before the load and built after it
 * (one sorted build instead of one descent of the tree per row: in the first 10,000,000-lot run,
 * on a loaded machine, the 44 million dispensed-container nodes took 11 minutes to insert with
 * the key in place, the 44 million edges out of them, with no index, 2). The dispensings are
 * computed where they are used (integer arithmetic over generate_series, three times) rather
 * than written once to a temporary table and read three times.
 */
export function generatorStatements(s: GenealogyShape): SQL[] {
  const { batches: B, rawLots: R, nE, nA } = s;
  const { container: Cb, batch: Bb, dispense: Db } = s.base;
  const rawContainer = (lot: SQL) => sql`${n(Cb)} + 1 + (${lot}) * 2 + (b % 2)`;
  // Dispensings: (batch, slot) -> source container.
  const dispensings = sql`(select b, slot, ${n(Db)} + 1 + b * 7 + slot as disp,
          case
            when slot < 3 then ${rawContainer(sql`slot * ${n(nE)} + b / ${n(EXCIPIENT_RUN)}`)}
            when slot < 5 then ${rawContainer(sql`${n(3 * nE)} + (slot - 3) * ${n(nA)} + b / ${n(API_RUN)}`)}
            when slot = 5 then ${n(Cb)} + 1 + ${n(2 * R)} + (b - 1)
            else ${n(Cb)} + 1 + ${n(2 * R)} + (b - 5)
          end as cont
        from generate_series(0, ${n(B - 1)}) b cross join generate_series(0, 6) slot
        where slot < 5 or (b % 4 > 0 and (slot = 5 and b >= 1 or slot = 6 and b >= 5))) d`;
  return [
    sql`drop index if exists genealogy_edges_child`,
    sql`alter table genealogy_edges drop constraint if exists genealogy_edges_parent_id_child_id_pk`,
    sql`drop index if exists genealogy_nodes_kind_key`,
    sql`alter table genealogy_nodes drop constraint if exists genealogy_nodes_pkey`,
    // Nodes.
    sql`insert into genealogy_nodes (id, kind, key, label) select r + 1, 'lot', 'RM-' || r, 'RM-' || r from generate_series(0, ${n(R - 1)}) r`,
    sql`insert into genealogy_nodes (id, kind, key, label) select ${n(R)} + b + 1, 'lot', 'FG-' || b, 'FG-' || b from generate_series(0, ${n(B - 1)}) b`,
    sql`insert into genealogy_nodes (id, kind, key, label) select ${n(Cb)} + c + 1, 'container', 'C-' || c, 'C-' || c from generate_series(0, ${n(2 * R + B - 1)}) c`,
    sql`insert into genealogy_nodes (id, kind, key, label) select ${n(Bb)} + b + 1, 'batch', 'B-' || b, 'B-' || b from generate_series(0, ${n(B - 1)}) b`,
    sql`insert into genealogy_nodes (id, kind, key, label, attrs) select disp, 'dispense', 'D-' || disp, 'B-' || b || ' #' || slot || ': 10.000 kg', '{"net": "10.000 kg"}'::jsonb from ${dispensings}`,
    // Edges: lot -> container, container -> dispensed, dispensed -> batch, batch -> output lot.
    sql`insert into genealogy_edges (parent_id, child_id) select r + 1, ${n(Cb)} + 1 + r * 2 + j from generate_series(0, ${n(R - 1)}) r cross join generate_series(0, 1) j`,
    sql`insert into genealogy_edges (parent_id, child_id) select ${n(R)} + b + 1, ${n(Cb)} + 1 + ${n(2 * R)} + b from generate_series(0, ${n(B - 1)}) b`,
    sql`insert into genealogy_edges (parent_id, child_id, quantity) select cont, disp, '10.000 kg' from ${dispensings}`,
    sql`insert into genealogy_edges (parent_id, child_id, quantity) select disp, ${n(Bb)} + 1 + b, '10.000 kg' from ${dispensings}`,
    sql`insert into genealogy_edges (parent_id, child_id) select ${n(Bb)} + b + 1, ${n(R)} + b + 1 from generate_series(0, ${n(B - 1)}) b`,
    sql`alter table genealogy_nodes add constraint genealogy_nodes_pkey primary key (id)`,
    sql`alter table genealogy_edges add constraint genealogy_edges_parent_id_child_id_pk primary key (parent_id, child_id)`,
    sql`create index genealogy_edges_child on genealogy_edges (child_id, parent_id)`,
    sql`create unique index genealogy_nodes_kind_key on genealogy_nodes (kind, key)`,
  ];
}

/** Excipient lots (k = 0..2) that feed a full run of batches. */
export function excipientLotKey(s: GenealogyShape, k: number, run: number): string {
  return `RM-${k * s.nE + (run % Math.max(1, s.nE - 1))}`;
}

export function apiLotKey(s: GenealogyShape, a: number, i: number): string {
  return `RM-${3 * s.nE + a * s.nA + (i % Math.max(1, s.nA - 1))}`;
}
