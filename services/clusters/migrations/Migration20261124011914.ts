import { Migration } from '@mikro-orm/migrations';

/** The groups of cluster `c` in clusterStats: its country, each of its sectors, its founding year ('' for none). */
const GROUPS = `cross join lateral (select 'COUNTRY'::text, c.country union all select 'SECTOR', coalesce(s.sector, '') from unnest(c.sectors) as s(sector)
  union all select 'FOUNDED_YEAR', coalesce(c.founded_year::text, '')) as k(dimension, key)`;

/** Adds the grouped deltas of a select (dimension, key, clusters, memberships, reported, with count) to the tally. */
const ADD = `having sum(d.clusters) <> 0 or sum(d.memberships) <> 0 or sum(d.reported) <> 0 or sum(d.counted) <> 0 order by 1, 2
  on conflict (dimension, key) do update set clusters = g.clusters + excluded.clusters, memberships = g.memberships + excluded.memberships,
  reported_members = g.reported_members + excluded.reported_members, clusters_with_member_count = g.clusters_with_member_count + excluded.clusters_with_member_count`;

const INSERT = `insert into cluster_group_tally as g (dimension, key, clusters, memberships, reported_members, clusters_with_member_count)
  select k.dimension, k.key, sum(d.clusters), sum(d.memberships), sum(d.reported), sum(d.counted)`;

/**
 * `cluster_group_tally`: the unfiltered clusterStats, one row per country, sector and founding year, so that the
 * dashboard's clusterStats reads a few dozen rows instead of 10,000 clusters and their tallies. Kept by statement
 * triggers on `cluster` (a cluster joins, leaves or changes groups, with its counts) and on `cluster_tally` (a
 * cluster's counts change, in its groups).
 *
 * The two writers meet on the cluster row: a change of counts locks it FOR SHARE before it reads the cluster's groups,
 * and a change of groups holds it for update, then reads the counts. So a count written while a cluster moves lands
 * either before the move (and moves with it) or after (in the new groups), never in the old groups alone.
 */
export class Migration20261124011914 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cluster_group_tally" ("dimension" text not null, "key" text not null, "clusters" int not null default 0, "memberships" int not null default 0, "reported_members" int not null default 0, "clusters_with_member_count" int not null default 0, constraint "cluster_group_tally_pkey" primary key ("dimension", "key"));`);

    // A cluster's counts changed: the difference, new minus old, goes to its groups.
    this.addSql(`create function "cluster_group_tally_counts"() returns trigger language plpgsql as $$
declare
  touched text[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct cluster_id order by cluster_id) into touched from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct cluster_id order by cluster_id) into touched from old_rows;
  else
    select array_agg(distinct cluster_id order by cluster_id) into touched from (select cluster_id from new_rows union all select cluster_id from old_rows) r;
  end if;
  if touched is null then return null; end if;
  perform 1 from cluster where id = any(touched) order by id for share;
  if tg_op = 'INSERT' then
    ${INSERT} from (select cluster_id, 0 as clusters, memberships, coalesce(latest_member_count, 0) as reported, (latest_member_count is not null)::int as counted from new_rows) d
    join cluster c on c.id = d.cluster_id ${GROUPS} group by 1, 2 ${ADD};
  elsif tg_op = 'DELETE' then
    ${INSERT} from (select cluster_id, 0 as clusters, -memberships as memberships, -coalesce(latest_member_count, 0) as reported, -(latest_member_count is not null)::int as counted from old_rows) d
    join cluster c on c.id = d.cluster_id ${GROUPS} group by 1, 2 ${ADD};
  else
    ${INSERT} from (
      select cluster_id, 0 as clusters, memberships, coalesce(latest_member_count, 0) as reported, (latest_member_count is not null)::int as counted from new_rows
      union all select cluster_id, 0, -memberships, -coalesce(latest_member_count, 0), -(latest_member_count is not null)::int from old_rows
    ) d join cluster c on c.id = d.cluster_id ${GROUPS} group by 1, 2 ${ADD};
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "cluster_tally_groups_insert" after insert on "cluster_tally" referencing new table as new_rows for each statement execute function "cluster_group_tally_counts"();`);
    this.addSql(`create trigger "cluster_tally_groups_update" after update on "cluster_tally" referencing old table as old_rows new table as new_rows for each statement execute function "cluster_group_tally_counts"();`);
    this.addSql(`create trigger "cluster_tally_groups_delete" after delete on "cluster_tally" referencing old table as old_rows for each statement execute function "cluster_group_tally_counts"();`);

    // A cluster was added, removed or changed: it leaves its old groups and joins its new ones, with its counts as
    // they are now (read after the update, under its row lock). A change that moves no group cancels out.
    const withCounts = (rows: string, sign: string) =>
      `select ${sign} as clusters, ${sign} * coalesce(t.memberships, 0) as memberships, ${sign} * coalesce(t.latest_member_count, 0) as reported, ` +
      `${sign} * (t.latest_member_count is not null)::int as counted, c.country, c.sectors, c.founded_year from ${rows} c left join cluster_tally t on t.cluster_id = c.id`;
    this.addSql(`create function "cluster_group_tally_clusters"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    ${INSERT} from (${withCounts('new_rows', '1')}) d cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  elsif tg_op = 'DELETE' then
    ${INSERT} from (${withCounts('old_rows', '-1')}) d cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  else
    ${INSERT} from (${withCounts('new_rows', '1')} union all ${withCounts('old_rows', '-1')}) d
    cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "cluster_groups_insert" after insert on "cluster" referencing new table as new_rows for each statement execute function "cluster_group_tally_clusters"();`);
    this.addSql(`create trigger "cluster_groups_update" after update on "cluster" referencing old table as old_rows new table as new_rows for each statement execute function "cluster_group_tally_clusters"();`);
    this.addSql(`create trigger "cluster_groups_delete" after delete on "cluster" referencing old table as old_rows for each statement execute function "cluster_group_tally_clusters"();`);
    this.addSql(`create function "cluster_group_tally_truncated"() returns trigger language plpgsql as $$
begin
  delete from cluster_group_tally;
  return null;
end $$;`);
    this.addSql(`create trigger "cluster_groups_truncate" after truncate on "cluster" for each statement execute function "cluster_group_tally_truncated"();`);

    // The clusters already there. Triggers first, then this, in the migration's one transaction: CREATE TRIGGER holds
    // off writers until commit, so no write falls between the count and the triggers.
    this.addSql(`${INSERT} from (select 1 as clusters, coalesce(t.memberships, 0) as memberships, coalesce(t.latest_member_count, 0) as reported,
  (t.latest_member_count is not null)::int as counted, c.country, c.sectors, c.founded_year from cluster c left join cluster_tally t on t.cluster_id = c.id) d
  cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};`);
  }

  override async down(): Promise<void> {
    for (const [table, prefix] of [['cluster_tally', 'cluster_tally_groups'], ['cluster', 'cluster_groups']]) {
      for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger "${prefix}_${event}" on "${table}";`);
    }
    this.addSql(`drop trigger "cluster_groups_truncate" on "cluster";`);
    this.addSql(`drop function "cluster_group_tally_counts"();`);
    this.addSql(`drop function "cluster_group_tally_clusters"();`);
    this.addSql(`drop function "cluster_group_tally_truncated"();`);
    this.addSql(`drop table if exists "cluster_group_tally" cascade;`);
  }

}
