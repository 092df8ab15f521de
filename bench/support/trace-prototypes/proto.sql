set jit=off;
explain (analyze, buffers, costs off, summary on)
with recursive start as (select id, kind, key, label, attrs, parents from genealogy_nodes where kind = 'batch' and key = 'B-14283'),
walk(id, kind, key, label, attrs, nxt) as (
  select n.id, n.kind, n.key, n.label, n.attrs, n.parents from start s join genealogy_nodes n on n.id = any(s.parents)
  union
  select n.id, n.kind, n.key, n.label, n.attrs, n.parents from walk w join genealogy_nodes n on n.id = any(w.nxt)
),
reached as (select * from walk limit 502)
select s.id, x.*, y.* from start s
cross join lateral (select count(*) as node_count, string_agg(r.id::text, ',') as ids, string_agg(r.kind, ',') as kinds,
        string_agg(r.key, E'\x1f') as keys, string_agg(r.label, E'\x1f') as labels, string_agg(r.attrs::text, ',') as attrs_list from reached r) x
cross join lateral (select string_agg(v || '>' || m, ',') as edges, count(*) from (select s.id as v, unnest(s.parents) as m union all select r.id, unnest(r.nxt) from reached r) u) y;
explain (analyze, buffers, costs off)
with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = 'batch' and key = 'B-14283'),
walk(node, via, kind, key, label, attrs) as (
      select e.parent_id, e.child_id, e.parent_kind, e.parent_key, e.parent_label, e.parent_attrs from genealogy_edges e join start s on e.child_id = s.id
      union
      select e.parent_id, e.child_id, e.parent_kind, e.parent_key, e.parent_label, e.parent_attrs from (select distinct node from walk) w join genealogy_edges e on e.child_id = w.node
    ),
reached as (select distinct on (node) node, kind, key, label, attrs from walk limit 502),
used as (select via, node from walk limit 2010)
select s.id, x.*, y.* from start s
    cross join lateral (select count(*) as node_count, string_agg(n.node::text, ',') as ids, string_agg(n.kind, ',') as kinds,
        string_agg(n.key, E'\x1f') as keys, string_agg(n.label, E'\x1f') as labels, string_agg(n.attrs::text, ',') as attrs_list
      from reached n) x
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y;
