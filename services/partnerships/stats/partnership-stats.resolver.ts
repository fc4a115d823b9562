import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import type { PartnershipsContext } from "../context";
import { PartnershipKind } from "../partnership/partnership.entity";
import { PartnershipFilter } from "../partnership/partnership.inputs";
import { partnershipListing } from "../partnership/partnership.listing";

@ObjectType({ description: "One cell of the partnership matrix: how many partnerships of a kind link two countries." })
export class PartnershipCountryPair {
  @Field(_type => CountryCode, { description: "The first country, alphabetically." })
  countryA!: CountryCode;

  @Field(_type => CountryCode, { description: "The second country; the same as `countryA` for partnerships within one country." })
  countryB!: CountryCode;

  @Field(_type => PartnershipKind, { description: "The kind of partnership." })
  kind!: PartnershipKind;

  @Field(_type => Int, { description: "How many partnerships of this kind link the two countries." })
  partnerships!: number;
}

/** Each partnership's pairs of countries: every two of its countries once, or its one country with itself. */
const PAIRS = "cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country)";
const IS_PAIR = "(a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1))";

@Resolver()
export class PartnershipStatsResolver {
  @Query(_returns => [PartnershipCountryPair], {
    description:
      "The partnership matrix: for each pair of countries and each kind, how many partnerships link them. A partnership of three countries counts in each of its three pairs; one within a single country sits on the diagonal. Retracted partnerships are left out, as the lists leave them out. One SQL statement.",
  })
  async partnershipMatrix(
    @Arg("filter", _type => PartnershipFilter, { nullable: true, description: "Which partnerships to count; the filter of `partnerships`." }) filter: PartnershipFilter | null,
    @Ctx() ctx: PartnershipsContext,
  ): Promise<PartnershipCountryPair[]> {
    const { conditions } = partnershipListing(filter, null);
    // Unfiltered, the matrix is kept up to date by triggers (partnership_pair_tally): a few dozen rows, however many
    // standing partnerships there are. A filter picks partnerships, so it counts them (the standing ones, as the list does).
    if (!conditions.length)
      return ctx.em.execute(
        `select country_a as "countryA", country_b as "countryB", kind, partnerships from partnership_pair_tally where partnerships > 0 order by 1, 2, 3`,
      );
    const where = conditions.map(c => ` and (${c.sql})`).join("");
    return ctx.em.execute(
      `select a.country as "countryA", b.country as "countryB", t.kind, count(*)::int as partnerships ` +
        `from partnership t ${PAIRS} ` +
        `where ${IS_PAIR} and t.retracted is null${where} ` +
        `group by 1, 2, 3 order by 1, 2, 3`,
      conditions.flatMap(c => c.bindings),
    );
  }
}
