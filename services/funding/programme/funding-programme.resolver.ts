import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { INCLUDE_RETRACTED, inScope, RecordScopeArgs, standing } from "../../../lib/records/retraction";
import { RecordRetractionResolver } from "../../../lib/records/facts";
import { Connection, PageArgs } from "../../../lib/subgraph/pagination";
import type { GraphQLResolveInfo } from "graphql";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { SearchHitType } from "../../../lib/records/search";
import { loadSources, Source } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/records/writes";
import type { FundingContext } from "../context";
import { FundingInvolvement, FundingRole } from "../involvement/funding-involvement.entity";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { OrganisationRef } from "../refs/organisation.ref";
import { FundingProgramme } from "./funding-programme.entity";
import { CreateFundingProgrammeInput, FundingProgrammeFilter, FundingProgrammeOrder, UpdateFundingProgrammeInput } from "./funding-programme.inputs";
import { programmeListing, searchFundingProgrammes } from "./funding-programme.listing";

export const FundingProgrammeConnection = Connection(FundingProgramme, "FundingProgramme", "funding programmes");
export const FundingProgrammeSearchHit = SearchHitType(FundingProgramme, "FundingProgramme");

async function organisationsInRole(programme: FundingProgramme, role: FundingRole, ctx: FundingContext): Promise<OrganisationRef[]> {
  const involvements = standing(await ctx.loaders.involvementsByProgrammeIdInRole(role).load(programme.id));
  return involvements.filter(i => i.organisationId).map(i => ({ id: i.organisationId! }));
}

@Resolver(_of => FundingProgramme)
export class FundingProgrammeResolver {
  @Mutation(_returns => FundingProgramme, { description: "Creates a funding programme owned by the caller's partner, citing the source given." })
  createFundingProgramme(@Arg("input", _type => CreateFundingProgrammeInput, { description: "The new funding programme and its source." }) input: CreateFundingProgrammeInput, @Ctx() ctx: FundingContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: FundingProgramme, name: "FundingProgramme", id, data, source });
  }

  @Mutation(_returns => FundingProgramme, { description: "Changes a funding programme the caller's partner owns or has been granted." })
  updateFundingProgramme(
    @Arg("id", _type => ID, { description: "The funding programme's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateFundingProgrammeInput, { description: "The fields to change and the source of the change." }) input: UpdateFundingProgrammeInput,
    @Ctx() ctx: FundingContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: FundingProgramme, name: "FundingProgramme", id, expectedVersion, changes: given(changes), source });
  }

  @Query(_returns => FundingProgrammeConnection, { description: "Funding programmes, a page at a time, ordered by id unless `orderBy` says otherwise." })
  fundingProgrammes(
    @Arg("filter", _type => FundingProgrammeFilter, { nullable: true, description: "Which programmes to list." }) filter: FundingProgrammeFilter | null,
    @Arg("orderBy", _type => FundingProgrammeOrder, { nullable: true, description: "How to sort the programmes; by id when absent." })
    orderBy: InstanceType<typeof FundingProgrammeOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: FundingContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, FundingProgramme, inScope(programmeListing(filter, orderBy), ctx.caller, "FundingProgramme", scope), page, selects(info, "totalCount"));
  }

  @Query(_returns => [FundingProgrammeSearchHit], { description: "Funding programmes whose names or aliases match a text in any alphabet, best match first." })
  searchFundingProgrammes(
    @Arg("query", { description: "What to look for, in any language or alphabet: `EU4Business`, `перспектива фінансова`." }) query: string,
    @Arg("first", _type => Int, { defaultValue: 10, description: "How many hits to return, from 1 to 50." }) first: number,
    @Ctx() ctx: FundingContext,
  ) {
    return searchFundingProgrammes(ctx.em, query, first);
  }

  @Query(_returns => FundingProgramme, { nullable: true, description: "One funding programme by id; null when there is none." })
  fundingProgramme(@Arg("id", _type => ID, { description: "The programme's id." }) id: string, @Ctx() ctx: FundingContext) {
    return ctx.loaders.programmeById.load(id);
  }

  @FieldResolver(_returns => FundingProgramme, { nullable: true, description: "The larger programme this one is part of, if any." })
  async parent(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return programme.parentId ? ctx.loaders.programmeById.load(programme.parentId) : null;
  }

  @FieldResolver(_returns => [FundingProgramme], { description: "Programmes and projects that are part of this one; retracted ones are left out." })
  async parts(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.programmesByParentId.load(programme.id));
  }

  @FieldResolver(_returns => [OrganisationRef], { nullable: true, description: "The organisations that pay for the programme. Null when the organisations subgraph did not answer; the error names it." })
  funders(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return organisationsInRole(programme, FundingRole.FUNDER, ctx);
  }

  @FieldResolver(_returns => [OrganisationRef], { nullable: true, description: "The organisations that run the programme. Null when the organisations subgraph did not answer; the error names it." })
  implementers(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return organisationsInRole(programme, FundingRole.IMPLEMENTER, ctx);
  }

  @FieldResolver(_returns => [FundingInvolvement], { description: "Everyone involved in the programme: funders, implementers and beneficiaries, each with a source; retracted ones only with `includeRetracted: true`." })
  async involvements(
    @Root() programme: FundingProgramme,
    @Arg("role", _type => FundingRole, { nullable: true, description: "Only involvements in this role." }) role: FundingRole | null,
    @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean,
    @Ctx() ctx: FundingContext,
  ) {
    const involvements = await (role ? ctx.loaders.involvementsByProgrammeIdInRole(role) : ctx.loaders.involvementsByProgrammeId).load(programme.id);
    return standing(involvements, includeRetracted);
  }

  @FieldResolver(_returns => [FundingInvolvement], { description: "The organisations, clusters and partnerships the programme supports." })
  async beneficiaries(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.involvementsByProgrammeIdInRole(FundingRole.BENEFICIARY).load(programme.id));
  }

  @FieldResolver(_returns => [FundingOpportunity], { description: "Calls and initiatives within the programme; retracted ones are left out." })
  async opportunities(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.opportunitiesByProgrammeId.load(programme.id));
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this programme's record rests on." })
  sources(@Root() programme: FundingProgramme, @Ctx() ctx: FundingContext) {
    return loadSources(ctx.loaders, programme.sourceIds);
  }
}

export const FundingProgrammeChangesResolver = ChangesResolver(FundingProgramme, "FundingProgramme");
export const FundingProgrammeRetractionResolver = RecordRetractionResolver(FundingProgramme, "FundingProgramme", "funding programme");
