/**
 * Server CPU per call (the backend's /proc/PID/schedstat) of the closure statement with its node
 * fetch written other ways (docs/scale-out.md, "Walked traces, the next step"): today's
 * `id = any(array)`, a join to `reached`, the reached ids sorted first, one concatenated
 * string_agg instead of five, and no node data at all; prepared, rotating order, 10 packed-batch
 * and 10 API-lot starts x 10 rounds after 2 warm-up rounds. Against a harness database, never a hub:
 * `node --import tsx bench/support/trace-prototypes/node-fetch-variants.ts [DATABASE]`
 * (default traceback_harness_1000000, made by trace-harness.ts).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PgDialect } from 'drizzle-orm/pg-core';
import { closureSql } from '../../../src-server/quality/genealogy/trace-sql.ts';
import { apiLotKey, shapeFor } from '../genealogy-generator.ts';
const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${process.argv[2] ?? 'traceback_harness_1000000'}`, options: '-c jit=off' });
await c.connect();
const pid = Number((await c.query<{ p: number }>('select pg_backend_pid() as p')).rows[0]!.p);
const ns = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
const s = shapeFor(1_000_000);
const d = new PgDialect();
const lastBatch = s.batches - 1 - ((s.batches - 4) % 4);
const starts: [string, string, 'forward' | 'backward'][] = [
  ...Array.from({ length: 10 }, (_, i) => ['batch', `B-${Math.max(3, lastBatch - 4 * ((7919 * i) % Math.max(1, Math.floor(s.batches / 4) - 1)))}`, 'backward'] as [string, string, 'backward']),
  ...Array.from({ length: 10 }, (_, i) => ['lot', apiLotKey(s, i % 2, 9973 * i + 11), 'forward'] as [string, string, 'forward']),
];
const oldAgg = /select count\(\*\) as node_count, string_agg\(n\.id::text, ','\) as ids, string_agg\(n\.kind, ','\) as kinds,\s*string_agg\(n\.key, (\$\d+)\) as keys, string_agg\(n\.label, (\$\d+)\) as labels, string_agg\(n\.attrs::text, ','\) as attrs_list/;
const variants: Record<string, (t: string) => string> = {
  current: (t) => t,
  one: (t) => t.replace(oldAgg, "select count(*) as node_count, string_agg(concat_ws($1, n.id, n.kind, n.key, n.label, n.attrs::text), chr(30)) as ids, null::text as kinds, $2::text as keys, null::text as labels, null::text as attrs_list"),
  join: (t) => t.replace('from genealogy_nodes n where n.id = any(array(select node from reached))', 'from reached r join genealogy_nodes n on n.id = r.node'),
  sorted: (t) => t.replace('from genealogy_nodes n where n.id = any(array(select node from reached))', 'from (select node from reached order by node) r cross join lateral (select * from genealogy_nodes n where n.id = r.node) n'),
  nodata: (t) => t.replace(oldAgg, "select count(*) as node_count, string_agg(n.id::text, ',') as ids, null::text as kinds, $1::text as keys, $2::text as labels, null::text as attrs_list").replace('from genealogy_nodes n where n.id = any(array(select node from reached))', 'from (select node as id from reached) n'),
};
const acc: Record<string, number[]> = {};
for (let r = 0; r < 12; r++) {
  for (const [k, key, dir] of starts) {
    const q = d.sqlToQuery(closureSql(k, key, dir, 500000, 4 * 500002));
    const names = Object.keys(variants);
    for (let j = 0; j < names.length; j++) {
      const v = names[(j + r) % names.length]!;
      const text = variants[v]!(q.sql);
      if (v !== 'current' && text === q.sql) throw new Error('no replace ' + v);
      const t0 = ns();
      await c.query({ name: `w3_${v}_${dir}`, text, values: q.params as unknown[] });
      const t1 = ns();
      if (r >= 2) (acc[`${v} ${dir}`] ??= []).push(t1 - t0);
    }
  }
}
for (const [k, xs] of Object.entries(acc)) console.log(k.padEnd(20), (xs.reduce((a, x) => a + x, 0) / xs.length / 1e6).toFixed(3), 'ms server CPU/call');
await c.end();
