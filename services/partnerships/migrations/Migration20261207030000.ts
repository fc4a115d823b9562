import { Migration } from '@mikro-orm/migrations';

/** The partnershipMatrix pairs of partnership `t`: every two of its countries once, or its one country with itself. */
const PAIRS = `cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)
    where (a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1))`;

/** The pair tally's counting function, counting the partnerships for which `counted` holds. */
const countFunction = (counted: string) => `create or replace function "partnership_pair_tally_count"() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, count(*) from new_rows t ${PAIRS} and ${counted}
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  elsif tg_op = 'DELETE' then
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, -count(*) from old_rows t ${PAIRS} and ${counted}
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  else
    insert into partnership_pair_tally as k (country_a, country_b, kind, partnerships)
    select a.country, b.country, t.kind, sum(t.delta) from (select kind, countries, retracted, 1 as delta from new_rows union all select kind, countries, retracted, -1 from old_rows) t
    ${PAIRS} and ${counted}
    group by 1, 2, 3 having sum(t.delta) <> 0 order by 1, 2, 3
    on conflict (country_a, country_b, kind) do update set partnerships = k.partnerships + excluded.partnerships;
  end if;
  return null;
end $$;`;

/**
 * Retraction (lib/records/retraction.ts) in `partnership_pair_tally`: the matrix counts the standing partnerships, as
 * the lists do by default. A retraction or a restoration is an update, which the update trigger already sees: a
 * partnership that stops standing counts as one that left, a restored one as one that came.
 */
export class Migration20261207030000 extends Migration {

  override async up(): Promise<void> {
    this.matrix('t.retracted is null');
  }

  override async down(): Promise<void> {
    this.matrix('true');
  }

  /** The counting function, and the matrix counted again (a matrix that counted retracted partnerships is made right). */
  private matrix(counted: string) {
    this.addSql(countFunction(counted));
    this.addSql(`delete from partnership_pair_tally;`);
    this.addSql(`insert into partnership_pair_tally (country_a, country_b, kind, partnerships)
select a.country, b.country, t.kind, count(*) from partnership t ${PAIRS} and ${counted} group by 1, 2, 3;`);
  }

}
