import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, registerEnumType, Resolver, Root } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import type { FundingContext } from "../context";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { FundingProgrammeFilter } from "../programme/funding-programme.inputs";
import { programmeListing } from "../programme/funding-programme.listing";
import { OrganisationRef } from "../refs/organisation.ref";

export enum FundingDimension {
  FUNDER = "FUNDER",
  PROGRAMME = "PROGRAMME",
  COUNTRY = "COUNTRY",
}

registerEnumType(FundingDimension, {
  name: "FundingDimension",
  description: "What to group funding by in `fundingStats`.",
  valuesConfig: {
    FUNDER: { description: "Each organisation that funds programmes; a programme with two funders counts for each." },
    PROGRAMME: { description: "Each programme." },
    COUNTRY: { description: "Each country a programme is open to; a programme open to several countries counts in each, and one whose sources name no eligible country (unknown) in none." },
  },
});

@ObjectType({ description: "One group of funding programmes in `fundingStats`, with its counts." })
export class FundingGroup {
  @Field({ description: "The value grouped by: an organisation id, a programme id or a country code." })
  key!: string;

  @Field(_type => OrganisationRef, { nullable: true, description: "The funder, when grouping by FUNDER; also null when the organisations subgraph did not answer (the error names it)." })
  funder?: OrganisationRef | null;

  @Field(_type => CountryCode, { nullable: true, description: "The country, when grouping by COUNTRY." })
  country?: CountryCode | null;

  @Field(_type => Int, { description: "How many programmes are in the group." })
  programmes!: number;

  @Field(_type => Int, { description: "How many calls and initiatives (opportunities) the group's programmes have." })
  opportunities!: number;

  @Field(_type => Int, { description: "How many beneficiaries (organisations, clusters and partnerships) the group's programmes support." })
  beneficiaries!: number;

  programmeId?: string | null;
}

const GROUPS: Record<FundingDimension, string> = {
  FUNDER:
    `select f.organisation_id as key, f.organisation_id as "funderId", null as country, null as "programmeId", count(distinct p.id)::int as programmes, ` +
    `sum(p.opportunities)::int as opportunities, sum(p.beneficiaries)::int as beneficiaries from p ` +
    `join funding_involvement f on f.programme_id = p.id and f.role = 'FUNDER' and f.organisation_id is not null and f.retracted is null group by f.organisation_id`,
  PROGRAMME:
    `select p.id as key, null as "funderId", null as country, p.id as "programmeId", 1 as programmes, p.opportunities, p.beneficiaries from p`,
  COUNTRY:
    `select c.country as key, null as "funderId", c.country as country, null as "programmeId", count(*)::int as programmes, ` +
    `sum(p.opportunities)::int as opportunities, sum(p.beneficiaries)::int as beneficiaries from p cross join lateral unnest(p.eligible_countries) as c(country) group by c.country`,
};

@Resolver(_of => FundingGroup)
export class FundingStatsResolver {
  @Query(_returns => [FundingGroup], { description: "Funding programmes, their opportunities and beneficiaries, counted by funder, programme or country; largest group first. Retracted programmes, opportunities and involvements are left out, as the lists leave them out. One SQL statement." })
  async fundingStats(
    @Arg("by", _type => FundingDimension, { description: "What to group by." }) by: FundingDimension,
    @Arg("filter", _type => FundingProgrammeFilter, { nullable: true, description: "Which programmes to count; the filter of `fundingProgrammes`." })
    filter: FundingProgrammeFilter | null,
    @Ctx() ctx: FundingContext,
  ): Promise<FundingGroup[]> {
    const { conditions } = programmeListing(filter, null);
    // The standing programmes only, as the list gives by default (the tally counts standing opportunities and involvements).
    const where = `where ${[...conditions.map(c => `(${c.sql})`), "t.retracted is null"].join(" and ")}`;
    // Each programme's counts are one row of programme_tally, kept by triggers as opportunities and involvements are
    // written, so no opportunity or involvement is counted here.
    const rows: (FundingGroup & { funderId: string | null })[] = await ctx.em.execute(
      `with p as (select t.id, t.eligible_countries, coalesce(k.opportunities, 0) as opportunities, coalesce(k.beneficiaries, 0) as beneficiaries ` +
        `from funding_programme t left join programme_tally k on k.programme_id = t.id ${where}) ` +
        `select * from (${GROUPS[by]}) g order by programmes desc, beneficiaries desc, key`,
      conditions.flatMap(c => c.bindings),
    );
    return rows.map(({ funderId, ...row }) => ({ ...row, funder: funderId ? { id: funderId } : null }));
  }

  @FieldResolver(_returns => FundingProgramme, { nullable: true, description: "The programme, when grouping by PROGRAMME." })
  programme(@Root() group: FundingGroup, @Ctx() ctx: FundingContext) {
    return group.programmeId ? ctx.loaders.programmeById.load(group.programmeId) : null;
  }
}
