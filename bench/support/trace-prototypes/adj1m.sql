create database walkadj_adj1m template traceback_harness_1000000;
\c walkadj_adj1m
\timing on
create table walkadj_p as select child_id as id, array_agg(parent_id order by parent_id) as parents from genealogy_edges group by child_id;
create table walkadj_c as select parent_id as id, array_agg(child_id order by child_id) as children from genealogy_edges group by parent_id;
create table genealogy_nodes2 as select n.id, n.kind, n.key, n.label, n.attrs, p.parents, c.children from genealogy_nodes n left join walkadj_p p on p.id = n.id left join walkadj_c c on c.id = n.id;
alter table genealogy_nodes2 add primary key (id);
vacuum analyze genealogy_nodes2;
