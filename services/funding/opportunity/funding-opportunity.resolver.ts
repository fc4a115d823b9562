import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { inScope, RecordScopeArgs } from "../../../lib/records/retraction";
import { RecordRetractionResolver } from "../../../lib/records/facts";
import { Connection, PageArgs } from "../../../lib/subgraph/pagination";
import type { GraphQLResolveInfo } from "graphql";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { loadSources, Source } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, PARENT_VERSION, updateRecord } from "../../../lib/records/writes";
import type { FundingContext } from "../context";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { FundingOpportunity } from "./funding-opportunity.entity";
import { CreateFundingOpportunityInput, FundingOpportunityFilter, FundingOpportunityOrder, UpdateFundingOpportunityInput } from "./funding-opportunity.inputs";
import { opportunityListing } from "../programme/funding-programme.listing";

export const FundingOpportunityConnection = Connection(FundingOpportunity, "FundingOpportunity", "funding opportunities");

@Resolver(_of => FundingOpportunity)
export class FundingOpportunityResolver {
  @Mutation(_returns => FundingOpportunity, { description: "Creates a funding opportunity owned by the caller's partner, citing the source given." })
  createFundingOpportunity(
    @Arg("input", _type => CreateFundingOpportunityInput, { description: "The new funding opportunity and its source." }) input: CreateFundingOpportunityInput,
    @Arg("expectedVersion", _type => Int, PARENT_VERSION("programme")) expectedVersion: number | null,
    @Ctx() ctx: FundingContext,
  ) {
    const { id, source, ...data } = input;
    return createRecord(ctx, {
      entity: FundingOpportunity,
      name: "FundingOpportunity",
      id,
      data,
      source,
      parent: { entity: FundingProgramme, name: "FundingProgramme", id: data.programmeId, expectedVersion },
    });
  }

  @Mutation(_returns => FundingOpportunity, { description: "Changes a funding opportunity the caller's partner owns or has been granted." })
  updateFundingOpportunity(
    @Arg("id", _type => ID, { description: "The funding opportunity's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateFundingOpportunityInput, { description: "The fields to change and the source of the change." }) input: UpdateFundingOpportunityInput,
    @Ctx() ctx: FundingContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: FundingOpportunity, name: "FundingOpportunity", id, expectedVersion, changes: given(changes), source });
  }

  @Query(_returns => FundingOpportunityConnection, { description: "Funding opportunities, a page at a time, ordered by id unless `orderBy` says otherwise." })
  fundingOpportunities(
    @Arg("filter", _type => FundingOpportunityFilter, { nullable: true, description: "Which opportunities to list." }) filter: FundingOpportunityFilter | null,
    @Arg("orderBy", _type => FundingOpportunityOrder, { nullable: true, description: "How to sort the opportunities; by id when absent." })
    orderBy: InstanceType<typeof FundingOpportunityOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: FundingContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, FundingOpportunity, inScope(opportunityListing(filter, orderBy), ctx.caller, "FundingOpportunity", scope), page, selects(info, "totalCount"));
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

export const FundingOpportunityChangesResolver = ChangesResolver(FundingOpportunity, "FundingOpportunity");
export const FundingOpportunityRetractionResolver = RecordRetractionResolver(FundingOpportunity, "FundingOpportunity", "funding opportunity");
