import { Migration } from '@mikro-orm/migrations';

/**
 * `partnership_pair_tally`: the unfiltered partnership matrix, kept by triggers so that `partnershipMatrix` reads a
 * few dozen rows instead of every partnership. Triggers, not the write path, so every writer counts (mutations, the
 * sample loader, the synthetic COPY); statement-level with transition tables, so a COPY adds one grouped insert.
 */
export class Migration20261124010203 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "partnership_pair_tally" ("country_a" text not null, "country_b" text not null, "kind" text not null, "partnerships" int not null default 0, constraint "partnership_pair_tally_pkey" primary key ("country_a", "country_b", "kind"));`);

    // +1 for each pair of a new row, -1 for each pair of an old one (an update that changes kind or countries moves it;
    // any other cancels out and writes nothing). The pairs are partnershipMatrix's: every two countries once, or the one
    // country with itself. ON CONFLICT DO UPDATE adds under the row lock, so concurrent writers lose nothing, and rows
    // are taken in key order so two statements lock shared cells in the same order.
    this.addSql(`create function "partnership_pair_tally_count"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, count(*) from new_rows t
    cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)
    where a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1)
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  elsif tg_op = 'DELETE' then
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, -count(*) from old_rows t
    cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)
    where a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1)
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  else
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, sum(t.delta) from (select kind, countries, 1 as delta from new_rows union all select kind, countries, -1 from old_rows) t
    cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)
    where a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1)
    group by 1, 2, 3 having sum(t.delta) <> 0 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  end if;
  return null;
end $$;`);
    this.addSql(`create trigger "partnership_pair_tally_insert" after insert on "partnership" referencing new table as new_rows for each statement execute function "partnership_pair_tally_count"();`);
    this.addSql(`create trigger "partnership_pair_tally_update" after update on "partnership" referencing old table as old_rows new table as new_rows for each statement execute function "partnership_pair_tally_count"();`);
    this.addSql(`create trigger "partnership_pair_tally_delete" after delete on "partnership" referencing old table as old_rows for each statement execute function "partnership_pair_tally_count"();`);
    // TRUNCATE fires none of the above (the synthetic loader truncates before its COPY).
    this.addSql(`create function "partnership_pair_tally_truncated"() returns trigger language plpgsql as $$
begin
  delete from partnership_pair_tally;
  return null;
end $$;`);
    this.addSql(`create trigger "partnership_pair_tally_truncate" after truncate on "partnership" for each statement execute function "partnership_pair_tally_truncated"();`);

    // The partnerships already there. Triggers first, then this, in the migration's one transaction: CREATE TRIGGER holds off
    // writers until commit, so no write falls between the count and the triggers.
    this.addSql(`insert into partnership_pair_tally (country_a, country_b, kind, partnerships)
select a.country, b.country, t.kind, count(*) from partnership t
cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)
where a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1)
group by 1, 2, 3;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "partnership_pair_tally_insert" on "partnership";`);
    this.addSql(`drop trigger "partnership_pair_tally_update" on "partnership";`);
    this.addSql(`drop trigger "partnership_pair_tally_delete" on "partnership";`);
    this.addSql(`drop trigger "partnership_pair_tally_truncate" on "partnership";`);
    this.addSql(`drop function "partnership_pair_tally_count"();`);
    this.addSql(`drop function "partnership_pair_tally_truncated"();`);
    this.addSql(`drop table if exists "partnership_pair_tally" cascade;`);
  }

}
