import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from "type-graphql";
import { CountryCode } from "../../../lib/country";
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

@Resolver()
export class PartnershipStatsResolver {
  @Query(_returns => [PartnershipCountryPair], {
    description:
      "The partnership matrix: for each pair of countries and each kind, how many partnerships link them. A partnership of three countries counts in each of its three pairs; one within a single country sits on the diagonal. One SQL statement.",
  })
  async partnershipMatrix(
    @Arg("filter", _type => PartnershipFilter, { nullable: true, description: "Which partnerships to count; the filter of `partnerships`." }) filter: PartnershipFilter | null,
    @Ctx() ctx: PartnershipsContext,
  ): Promise<PartnershipCountryPair[]> {
    const { conditions } = partnershipListing(filter, null);
    const where = conditions.map(c => ` and (${c.sql})`).join("");
    return ctx.em.execute(
      `select a.country as "countryA", b.country as "countryB", t.kind, count(*)::int as partnerships ` +
        `from partnership t cross join lateral unnest(t.countries) as a(country) cross join lateral unnest(t.countries) as b(country) ` +
        `where (a.country < b.country or (a.country = b.country and cardinality(t.countries) = 1))${where} ` +
        `group by 1, 2, 3 order by 1, 2, 3`,
      conditions.flatMap(c => c.bindings),
    );
  }
}
