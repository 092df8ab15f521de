-- Today's walk beside the plain count, backward from one packed batch. psql -v start_key=… -v start_id=…:
-- traceback_harness_20000: start_key=B-14283 start_id=60076; traceback_harness_1000000: start_key=B-714281 start_id=3003224.
set jit=off;
explain (analyze, buffers, costs off)
with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = 'batch' and key = :'start_key'),
walk(node, via) as (
      select e.parent_id, e.child_id from genealogy_edges e join start s on e.child_id = s.id
      union
      select e.parent_id, e.child_id from (select distinct node from walk) w join genealogy_edges e on e.child_id = w.node
    ),
reached as (select distinct node from walk limit 502),
used as (select via, node from walk limit 2010)
select s.id, x.*, y.* from start s
    cross join lateral (select count(*) as node_count, string_agg(n.id::text, ',') as ids, string_agg(n.kind, ',') as kinds,
        string_agg(n.key, E'\x1f') as keys, string_agg(n.label, E'\x1f') as labels, string_agg(n.attrs::text, ',') as attrs_list
      from genealogy_nodes n where n.id = any(array(select node from reached))) x
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y;
explain (analyze, buffers, costs off)
    with recursive r(node) as (
      select :start_id::bigint
      union
      select e.parent_id from r join genealogy_edges e on e.child_id = r.node
    )
    select count(*) - 1 as n from r;
