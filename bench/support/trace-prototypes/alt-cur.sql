with recursive start as (select id, kind, key, label, attrs from genealogy_nodes where kind = $KIND and key = $KEY),
walk(node, via) as (
      select e.$TO, e.$FROM from genealogy_edges e join start s on e.$FROM = s.id
      union
      select e.$TO, e.$FROM from (select distinct node from walk) w join genealogy_edges e on e.$FROM = w.node
    ),
reached as (select distinct node from walk limit 502),
used as (select via, node from walk limit 2010)
select s.id, s.kind, s.key, s.label, s.attrs, x.*, y.* from start s
    cross join lateral (select count(*) as node_count, string_agg(n.id::text, ',') as ids, string_agg(n.kind, ',') as kinds,
        string_agg(n.key, E'\x1f') as keys, string_agg(n.label, E'\x1f') as labels, string_agg(n.attrs::text, ',') as attrs_list
      from genealogy_nodes n where n.id = any(array(select node from reached))) x
    cross join lateral (select string_agg(via || '>' || node, ',') as edges, count(*) as edge_count from used) y
