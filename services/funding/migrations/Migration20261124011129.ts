import { Migration } from '@mikro-orm/migrations';

/**
 * `programme_tally`: each funding programme's opportunity and beneficiary counts, kept by triggers so that
 * `fundingStats` reads one row per programme instead of counting opportunities and involvements. Triggers, not the
 * write path, so every writer counts (mutations, the sample loader, the synthetic COPY); statement-level with
 * transition tables, so a COPY adds one grouped insert.
 */
/** A statement trigger's function adding the rows that match `counted` to a programme_tally column; transition tables exist only for their own events, hence three branches. */
export const tallyFunction = (name: string, column: string, counted: string) => `create or replace function "${name}"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into programme_tally as k (programme_id, ${column})
    select programme_id, count(*) from new_rows where ${counted} group by programme_id order by programme_id
    on conflict (programme_id) do update set ${column} = k.${column} + excluded.${column};
  elsif tg_op = 'DELETE' then
    insert into programme_tally as k (programme_id, ${column})
    select programme_id, -count(*) from old_rows where ${counted} group by programme_id order by programme_id
    on conflict (programme_id) do update set ${column} = k.${column} + excluded.${column};
  else
    insert into programme_tally as k (programme_id, ${column})
    select programme_id, sum(delta) from (select programme_id, 1 as delta from new_rows where ${counted} union all select programme_id, -1 from old_rows where ${counted}) d
    group by programme_id having sum(delta) <> 0 order by programme_id
    on conflict (programme_id) do update set ${column} = k.${column} + excluded.${column};
  end if;
  return null;
end $$;`;

export class Migration20261124011129 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "programme_tally" ("programme_id" text not null, "opportunities" int not null default 0, "beneficiaries" int not null default 0, constraint "programme_tally_pkey" primary key ("programme_id"));`);

    // +1 per new row and -1 per old row, grouped by programme (an update that changes neither programme nor role
    // cancels out and writes nothing). ON CONFLICT DO UPDATE adds under the row lock, so concurrent writers lose
    // nothing; rows are taken in programme order so two statements lock shared rows in the same order.
    this.addSql(tallyFunction('programme_tally_opportunities', 'opportunities', 'true'));
    this.addSql(tallyFunction('programme_tally_beneficiaries', 'beneficiaries', "role = 'BENEFICIARY'"));
    for (const [table, fn] of [['funding_opportunity', 'programme_tally_opportunities'], ['funding_involvement', 'programme_tally_beneficiaries']]) {
      this.addSql(`create trigger "${table}_tally_insert" after insert on "${table}" referencing new table as new_rows for each statement execute function "${fn}"();`);
      this.addSql(`create trigger "${table}_tally_update" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function "${fn}"();`);
      this.addSql(`create trigger "${table}_tally_delete" after delete on "${table}" referencing old table as old_rows for each statement execute function "${fn}"();`);
    }

    // TRUNCATE fires none of the above (the synthetic loader truncates before its COPY).
    this.addSql(`create function "programme_tally_truncated"() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'funding_opportunity' then
    update programme_tally set opportunities = 0 where opportunities <> 0;
  else
    update programme_tally set beneficiaries = 0 where beneficiaries <> 0;
  end if;
  delete from programme_tally where opportunities = 0 and beneficiaries = 0;
  return null;
end $$;`);
    this.addSql(`create trigger "funding_opportunity_tally_truncate" after truncate on "funding_opportunity" for each statement execute function "programme_tally_truncated"();`);
    this.addSql(`create trigger "funding_involvement_tally_truncate" after truncate on "funding_involvement" for each statement execute function "programme_tally_truncated"();`);

    // The rows already there. Triggers first, then this, in the migration's one transaction: CREATE TRIGGER holds off
    // writers until commit, so no write falls between the count and the triggers.
    this.addSql(`insert into programme_tally (programme_id, opportunities, beneficiaries)
select t.id, (select count(*) from funding_opportunity o where o.programme_id = t.id),
  (select count(*) from funding_involvement i where i.programme_id = t.id and i.role = 'BENEFICIARY')
from funding_programme t;`);
  }

  override async down(): Promise<void> {
    for (const table of ['funding_opportunity', 'funding_involvement']) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger "${table}_tally_${event}" on "${table}";`);
    }
    this.addSql(`drop function "programme_tally_opportunities"();`);
    this.addSql(`drop function "programme_tally_beneficiaries"();`);
    this.addSql(`drop function "programme_tally_truncated"();`);
    this.addSql(`drop table if exists "programme_tally" cascade;`);
  }

}
