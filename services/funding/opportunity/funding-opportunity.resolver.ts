import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { findListPage, selects } from "../../../lib/listing";
import { Connection, PageArgs } from "../../../lib/pagination";
import { loadSources, Source } from "../../../lib/sources";
import type { FundingContext } from "../context";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { FundingOpportunity } from "./funding-opportunity.entity";
import { opportunityListing } from "../programme/funding-programme.listing";
import { FundingOpportunityFilter, FundingOpportunityOrder } from "./funding-opportunity.inputs";

export const FundingOpportunityConnection = Connection(FundingOpportunity, "FundingOpportunity", "funding opportunities");

@Resolver(_of => FundingOpportunity)
export class FundingOpportunityResolver {
  @Query(_returns => FundingOpportunityConnection, { description: "Funding opportunities, a page at a time, ordered by id unless `orderBy` says otherwise." })
  fundingOpportunities(
    @Arg("filter", _type => FundingOpportunityFilter, { nullable: true, description: "Which opportunities to list." }) filter: FundingOpportunityFilter | null,
    @Arg("orderBy", _type => FundingOpportunityOrder, { nullable: true, description: "How to sort the opportunities; by id when absent." })
    orderBy: InstanceType<typeof FundingOpportunityOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Ctx() ctx: FundingContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, FundingOpportunity, opportunityListing(filter, orderBy), page, selects(info, "totalCount"));
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
