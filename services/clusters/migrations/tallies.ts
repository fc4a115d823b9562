/**
 * The SQL of the clusters subgraph's tally triggers (cluster_tally and cluster_group_tally), shared by the migrations
 * that make them (Migration20261124005306, Migration20261124011914) and the one that counts only standing rows
 * (Migration20261207030000). Each function is `create or replace`, so a later migration redefines it in place.
 */

/** The groups of cluster `c` in clusterStats: its country, each of its sectors, its founding year ('' for none). */
export const GROUPS = `cross join lateral (select 'COUNTRY'::text, c.country union all select 'SECTOR', coalesce(s.sector, '') from unnest(c.sectors) as s(sector)
  union all select 'FOUNDED_YEAR', coalesce(c.founded_year::text, '')) as k(dimension, key)`;

/** Adds the grouped deltas of a select (dimension, key, clusters, memberships, reported, with count) to the tally. */
export const ADD = `having sum(d.clusters) <> 0 or sum(d.memberships) <> 0 or sum(d.reported) <> 0 or sum(d.counted) <> 0 order by 1, 2
  on conflict (dimension, key) do update set clusters = g.clusters + excluded.clusters, memberships = g.memberships + excluded.memberships,
  reported_members = g.reported_members + excluded.reported_members, clusters_with_member_count = g.clusters_with_member_count + excluded.clusters_with_member_count`;

export const INSERT = `insert into cluster_group_tally as g (dimension, key, clusters, memberships, reported_members, clusters_with_member_count)
  select k.dimension, k.key, sum(d.clusters), sum(d.memberships), sum(d.reported), sum(d.counted)`;

/** Whether the row `alias` counts: `standing`, only when it is not retracted; `every`, always (before retraction). */
export type Counts = (alias: string) => string;
export const standing: Counts = alias => `${alias}.retracted is null`;
export const every: Counts = () => 'true';

/** The clusters a statement touched, in `touched` (ordered, so that statements lock shared rows in one order); none, no work. */
const TOUCHED = `  if tg_op = 'INSERT' then
    select array_agg(distinct cluster_id order by cluster_id) into touched from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct cluster_id order by cluster_id) into touched from old_rows;
  else
    select array_agg(distinct cluster_id order by cluster_id) into touched from (select cluster_id from new_rows union all select cluster_id from old_rows) r;
  end if;
  if touched is null then return null; end if;`;

/** Memberships: +1 per new row and -1 per old row that counts, grouped by cluster, added under the row lock. */
export const membershipsFunction = (counts: Counts) => `create or replace function "cluster_tally_memberships"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into cluster_tally as k (cluster_id, memberships)
    select cluster_id, count(*) from new_rows r where ${counts('r')} group by cluster_id order by cluster_id
    on conflict (cluster_id) do update set memberships = k.memberships + excluded.memberships;
  elsif tg_op = 'DELETE' then
    insert into cluster_tally as k (cluster_id, memberships)
    select cluster_id, -count(*) from old_rows r where ${counts('r')} group by cluster_id order by cluster_id
    on conflict (cluster_id) do update set memberships = k.memberships + excluded.memberships;
  else
    -- An update counts when it moves a membership or retracts or restores it; the others cancel out and write nothing.
    insert into cluster_tally as k (cluster_id, memberships)
    select cluster_id, sum(delta) from (select cluster_id, 1 as delta from new_rows r where ${counts('r')} union all select cluster_id, -1 from old_rows r where ${counts('r')}) d
    group by cluster_id having sum(delta) <> 0 order by cluster_id
    on conflict (cluster_id) do update set memberships = k.memberships + excluded.memberships;
  end if;
  return null;
end $$;`;

/** Latest dated member count: recomputed for each cluster a statement touched (a maximum cannot be decremented), after locking its tally row. */
export const latestFunction = (counts: Counts) => `create or replace function "cluster_tally_latest_member_count"() returns trigger language plpgsql as $$
declare
  touched text[];
begin
${TOUCHED}
  insert into cluster_tally as k (cluster_id) select unnest(touched)
  on conflict (cluster_id) do update set latest_member_count = k.latest_member_count;
  update cluster_tally k set latest_member_count = (
    select mc.count from member_count mc where mc.cluster_id = k.cluster_id and mc.as_of is not null and ${counts('mc')} order by mc.as_of desc, mc.id desc limit 1
  ) where k.cluster_id = any(touched);
  return null;
end $$;`;

/** A cluster's counts changed: the difference, new minus old, goes to its groups, when the cluster counts. */
export const groupCountsFunction = (counts: Counts) => `create or replace function "cluster_group_tally_counts"() returns trigger language plpgsql as $$
declare
  touched text[];
begin
${TOUCHED}
  perform 1 from cluster where id = any(touched) order by id for share;
  if tg_op = 'INSERT' then
    ${INSERT} from (select cluster_id, 0 as clusters, memberships, coalesce(latest_member_count, 0) as reported, (latest_member_count is not null)::int as counted from new_rows) d
    join cluster c on c.id = d.cluster_id and ${counts('c')} ${GROUPS} group by 1, 2 ${ADD};
  elsif tg_op = 'DELETE' then
    ${INSERT} from (select cluster_id, 0 as clusters, -memberships as memberships, -coalesce(latest_member_count, 0) as reported, -(latest_member_count is not null)::int as counted from old_rows) d
    join cluster c on c.id = d.cluster_id and ${counts('c')} ${GROUPS} group by 1, 2 ${ADD};
  else
    ${INSERT} from (
      select cluster_id, 0 as clusters, memberships, coalesce(latest_member_count, 0) as reported, (latest_member_count is not null)::int as counted from new_rows
      union all select cluster_id, 0, -memberships, -coalesce(latest_member_count, 0), -(latest_member_count is not null)::int from old_rows
    ) d join cluster c on c.id = d.cluster_id and ${counts('c')} ${GROUPS} group by 1, 2 ${ADD};
  end if;
  return null;
end $$;`;

/** The clusters of `rows` that count, each with its counts as they are now, signed. */
export const withCounts = (rows: string, sign: string, counts: Counts) =>
  `select ${sign} as clusters, ${sign} * coalesce(t.memberships, 0) as memberships, ${sign} * coalesce(t.latest_member_count, 0) as reported, ` +
  `${sign} * (t.latest_member_count is not null)::int as counted, c.country, c.sectors, c.founded_year from ${rows} c left join cluster_tally t on t.cluster_id = c.id where ${counts('c')}`;

/** A cluster was added, removed or changed: it leaves its old groups and joins its new ones, with its counts. */
export const groupClustersFunction = (counts: Counts) => `create or replace function "cluster_group_tally_clusters"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${INSERT} from (${withCounts('new_rows', '1', counts)}) d cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  elsif tg_op = 'DELETE' then
    ${INSERT} from (${withCounts('old_rows', '-1', counts)}) d cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  else
    ${INSERT} from (${withCounts('new_rows', '1', counts)} union all ${withCounts('old_rows', '-1', counts)}) d
    cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  end if;
  return null;
end $$;`;
