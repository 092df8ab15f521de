with recursive start as (select id, kind, key, label, attrs, $NEXT as nxt from genealogy_nodes2 where kind = $KIND and key = $KEY),
walk(id, kind, key, label, attrs, nxt) as (
  select n.id, n.kind, n.key, n.label, n.attrs, n.$NEXT from start s join genealogy_nodes2 n on n.id = any(s.nxt)
  union
  select n.id, n.kind, n.key, n.label, n.attrs, n.$NEXT from walk w join genealogy_nodes2 n on n.id = any(w.nxt)
),
reached as (select * from walk limit 502)
select s.id, s.kind, s.key, s.label, s.attrs, x.*, y.* from start s
cross join lateral (select count(*) as node_count, string_agg(r.id::text, ',') as ids, string_agg(r.kind, ',') as kinds,
        string_agg(r.key, E'\x1f') as keys, string_agg(r.label, E'\x1f') as labels, string_agg(r.attrs::text, ',') as attrs_list from reached r) x
cross join lateral (select string_agg(v || '>' || m, ',') as edges, count(*) as edge_count from (select s.id as v, unnest(s.nxt) as m union all select r.id, unnest(r.nxt) from reached r) u) y
