import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Connection, findPage, PageArgs } from "../../../lib/pagination";
import { loadSources, Source } from "../../../lib/sources";
import type { FundingContext } from "../context";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { FundingOpportunity } from "./funding-opportunity.entity";
import { FundingOpportunityFilter } from "./funding-opportunity.inputs";

export const FundingOpportunityConnection = Connection(FundingOpportunity, "FundingOpportunity", "funding opportunities");

@Resolver(_of => FundingOpportunity)
export class FundingOpportunityResolver {
  @Query(_returns => FundingOpportunityConnection, { description: "Funding opportunities, a page at a time, ordered by id." })
  fundingOpportunities(
    @Arg("filter", _type => FundingOpportunityFilter, { nullable: true, description: "Which opportunities to list." }) filter: FundingOpportunityFilter | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Ctx() ctx: FundingContext,
  ) {
    return findPage(
      ctx.em,
      FundingOpportunity,
      {
        ...(filter?.country && { eligibleCountries: { $contains: [filter.country] } }),
        ...(filter?.status && { status: filter.status }),
      },
      page,
    );
  }

  @Query(_returns => FundingOpportunity, { nullable: true, description: "One funding opportunity by id; null when there is none." })
  fundingOpportunity(@Arg("id", _type => ID, { description: "The opportunity's id." }) id: string, @Ctx() ctx: FundingContext) {
    return ctx.loaders.opportunityById.load(id);
  }

  @FieldResolver(_returns => FundingProgramme, { nullable: true, description: "The programme the opportunity belongs to." })
  programme(@Root() opportunity: FundingOpportunity, @Ctx() ctx: FundingContext) {
    return ctx.loaders.programmeById.load(opportunity.programmeId);
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this opportunity's record rests on." })
  sources(@Root() opportunity: FundingOpportunity, @Ctx() ctx: FundingContext) {
    return loadSources(ctx.loaders, opportunity.sourceIds);
  }
}
