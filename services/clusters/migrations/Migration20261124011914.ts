import { Migration } from '@mikro-orm/migrations';
import { ADD, every, GROUPS, groupClustersFunction, groupCountsFunction, INSERT } from './tallies';

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
    this.addSql(groupCountsFunction(every));
    this.addSql(`create trigger "cluster_tally_groups_insert" after insert on "cluster_tally" referencing new table as new_rows for each statement execute function "cluster_group_tally_counts"();`);
    this.addSql(`create trigger "cluster_tally_groups_update" after update on "cluster_tally" referencing old table as old_rows new table as new_rows for each statement execute function "cluster_group_tally_counts"();`);
    this.addSql(`create trigger "cluster_tally_groups_delete" after delete on "cluster_tally" referencing old table as old_rows for each statement execute function "cluster_group_tally_counts"();`);

    // A cluster was added, removed or changed: it leaves its old groups and joins its new ones, with its counts as
    // they are now (read after the update, under its row lock). A change that moves no group cancels out.
    this.addSql(groupClustersFunction(every));
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
