import { Migration } from '@mikro-orm/migrations';

/**
 * `row_tally` (lib/subgraph/row-tally.ts) for `organisation`: its row count, kept by triggers so that an unfiltered
 * `organisations { totalCount }` reads one row instead of counting 100,000. Triggers, not the write path, so every
 * writer counts (mutations, the sample loader, the synthetic COPY); statement-level with transition tables, so a COPY
 * adds one count. Every insert of organisations waits on this one row until its transaction ends: partners' writes
 * are few and short, so that costs nothing measurable.
 */
export class Migration20261124010541 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "row_tally" ("table_name" text not null, "rows" int not null default 0, constraint "row_tally_pkey" primary key ("table_name"));`);

    // ON CONFLICT DO UPDATE adds under the row lock: concurrent writers lose nothing. A statement that inserted or
    // deleted nothing (an upsert that only updated) writes nothing.
    this.addSql(`create function "row_tally_count"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into row_tally as k (table_name, rows) select tg_table_name, count(*) from new_rows having count(*) > 0
    on conflict (table_name) do update set rows = k.rows + excluded.rows;
  elsif tg_op = 'DELETE' then
    insert into row_tally as k (table_name, rows) select tg_table_name, -count(*) from old_rows having count(*) > 0
    on conflict (table_name) do update set rows = k.rows + excluded.rows;
  else
    delete from row_tally where table_name = tg_table_name;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "organisation_row_tally_insert" after insert on "organisation" referencing new table as new_rows for each statement execute function "row_tally_count"();`);
    this.addSql(`create trigger "organisation_row_tally_delete" after delete on "organisation" referencing old table as old_rows for each statement execute function "row_tally_count"();`);
    this.addSql(`create trigger "organisation_row_tally_truncate" after truncate on "organisation" for each statement execute function "row_tally_count"();`);

    // The organisations already there. Triggers first, then this, in the migration's one transaction: CREATE TRIGGER holds off
    // writers until commit, so no write falls between the count and the triggers.
    this.addSql(`insert into row_tally (table_name, rows) select 'organisation', count(*) from organisation;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "organisation_row_tally_insert" on "organisation";`);
    this.addSql(`drop trigger "organisation_row_tally_delete" on "organisation";`);
    this.addSql(`drop trigger "organisation_row_tally_truncate" on "organisation";`);
    this.addSql(`drop function "row_tally_count"();`);
    this.addSql(`drop table if exists "row_tally" cascade;`);
  }

}
