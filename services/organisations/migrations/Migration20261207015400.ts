import { Migration } from '@mikro-orm/migrations';

/**
 * Retraction (lib/records/retraction.ts): a retracted organisation stays, marked in `retracted`. Lists leave retracted
 * records out by default, so `row_tally` now counts the standing ones: an insert or delete counts the rows without a
 * retraction, and an update (a retraction or a restoration) adds the difference it made.
 */
export class Migration20261207015400 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisation" add column "retracted" jsonb null;`);

    this.addSql(`create or replace function "row_tally_count"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into row_tally as k (table_name, rows) select tg_table_name, count(*) from new_rows where retracted is null having count(*) > 0
    on conflict (table_name) do update set rows = k.rows + excluded.rows;
  elsif tg_op = 'DELETE' then
    insert into row_tally as k (table_name, rows) select tg_table_name, -count(*) from old_rows where retracted is null having count(*) > 0
    on conflict (table_name) do update set rows = k.rows + excluded.rows;
  elsif tg_op = 'UPDATE' then
    insert into row_tally as k (table_name, rows)
    select tg_table_name, d.delta from (select (select count(*) from new_rows where retracted is null) - (select count(*) from old_rows where retracted is null) as delta) d
    where d.delta <> 0
    on conflict (table_name) do update set rows = k.rows + excluded.rows;
  else
    delete from row_tally where table_name = tg_table_name;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "organisation_row_tally_update" after update on "organisation" referencing old table as old_rows new table as new_rows for each statement execute function "row_tally_count"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "organisation_row_tally_update" on "organisation";`);
    this.addSql(`create or replace function "row_tally_count"() returns trigger language plpgsql as $$
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
    this.addSql(`alter table "organisation" drop column "retracted";`);
  }

}
