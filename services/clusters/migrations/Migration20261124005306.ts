import { Migration } from '@mikro-orm/migrations';
import { every, latestFunction, membershipsFunction } from './tallies';

/**
 * `cluster_tally`: each cluster's membership count and latest dated member count, kept by triggers so that the
 * aggregates read one row per cluster instead of counting 1,000,000 memberships on every request.
 *
 * Triggers, not the write path: every writer is covered (the mutations, the sample loader's upserts, the synthetic
 * COPY, an operator's psql). They are statement-level with transition tables, so a COPY of a million memberships
 * adds one grouped insert, not a million row updates.
 */
export class Migration20261124005306 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cluster_tally" ("cluster_id" text not null, "memberships" int not null default 0, "latest_member_count" int null, constraint "cluster_tally_pkey" primary key ("cluster_id"));`);

    // Memberships: add +1 per new row and -1 per old row, grouped by cluster. INSERT ... ON CONFLICT DO UPDATE adds to
    // the latest committed value under the row lock, so concurrent writers never lose an increment; rows are taken in
    // cluster_id order so two statements touching the same clusters lock them in the same order (no deadlock).
    this.addSql(membershipsFunction(every));
    this.addSql(`create trigger "membership_tally_insert" after insert on "membership" referencing new table as new_rows for each statement execute function "cluster_tally_memberships"();`);
    this.addSql(`create trigger "membership_tally_update" after update on "membership" referencing old table as old_rows new table as new_rows for each statement execute function "cluster_tally_memberships"();`);
    this.addSql(`create trigger "membership_tally_delete" after delete on "membership" referencing old table as old_rows for each statement execute function "cluster_tally_memberships"();`);

    // Latest dated member count: recomputed for each cluster a statement touched (a maximum cannot be decremented).
    // First lock the clusters' tally rows, then read member_count in a new statement: under READ COMMITTED that read
    // sees every count committed before the lock was granted, so of two concurrent writers the later one counts both.
    this.addSql(latestFunction(every));
    this.addSql(`create trigger "member_count_tally_insert" after insert on "member_count" referencing new table as new_rows for each statement execute function "cluster_tally_latest_member_count"();`);
    this.addSql(`create trigger "member_count_tally_update" after update on "member_count" referencing old table as old_rows new table as new_rows for each statement execute function "cluster_tally_latest_member_count"();`);
    this.addSql(`create trigger "member_count_tally_delete" after delete on "member_count" referencing old table as old_rows for each statement execute function "cluster_tally_latest_member_count"();`);

    // TRUNCATE fires no row or statement triggers of the kinds above (the synthetic loader truncates before its COPY).
    this.addSql(`create function "cluster_tally_truncated"() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'membership' then
    update cluster_tally set memberships = 0 where memberships <> 0;
  else
    update cluster_tally set latest_member_count = null where latest_member_count is not null;
  end if;
  delete from cluster_tally where memberships = 0 and latest_member_count is null;
  return null;
end $$;`);
    this.addSql(`create trigger "membership_tally_truncate" after truncate on "membership" for each statement execute function "cluster_tally_truncated"();`);
    this.addSql(`create trigger "member_count_tally_truncate" after truncate on "member_count" for each statement execute function "cluster_tally_truncated"();`);

    // The rows already there. Triggers first, then this, in the migration's one transaction: CREATE TRIGGER holds off
    // writers until commit, so no write falls between the count and the triggers.
    this.addSql(`insert into cluster_tally (cluster_id, memberships, latest_member_count)
select c.id, (select count(*) from membership m where m.cluster_id = c.id),
  (select mc.count from member_count mc where mc.cluster_id = c.id and mc.as_of is not null order by mc.as_of desc, mc.id desc limit 1)
from cluster c;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "membership_tally_insert" on "membership";`);
    this.addSql(`drop trigger "membership_tally_update" on "membership";`);
    this.addSql(`drop trigger "membership_tally_delete" on "membership";`);
    this.addSql(`drop trigger "membership_tally_truncate" on "membership";`);
    this.addSql(`drop trigger "member_count_tally_insert" on "member_count";`);
    this.addSql(`drop trigger "member_count_tally_update" on "member_count";`);
    this.addSql(`drop trigger "member_count_tally_delete" on "member_count";`);
    this.addSql(`drop trigger "member_count_tally_truncate" on "member_count";`);
    this.addSql(`drop function "cluster_tally_memberships"();`);
    this.addSql(`drop function "cluster_tally_latest_member_count"();`);
    this.addSql(`drop function "cluster_tally_truncated"();`);
    this.addSql(`drop table if exists "cluster_tally" cascade;`);
  }

}
