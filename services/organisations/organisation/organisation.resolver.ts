import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { inScope, RecordScopeArgs } from "../../../lib/records/retraction";
import { FactListResolver, RecordRetractionResolver } from "../../../lib/records/facts";
import { Connection, PageArgs } from "../../../lib/subgraph/pagination";
import type { GraphQLResolveInfo } from "graphql";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { SearchHitType } from "../../../lib/records/search";
import { loadSources, Source, SourceOfFactResolver } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/records/writes";
import type { OrganisationsContext } from "../context";
import { Organisation, OrganisationIdentifier } from "./organisation.entity";
import { AddOrganisationIdentifierInput, UpdateOrganisationIdentifierInput, CreateOrganisationInput, OrganisationFilter, OrganisationOrder, UpdateOrganisationInput } from "./organisation.inputs";
import { organisationListing, searchOrganisations } from "./organisation.listing";

export const OrganisationConnection = Connection(Organisation, "Organisation", "organisations");
export const OrganisationSearchHit = SearchHitType(Organisation, "Organisation");

@Resolver(_of => Organisation)
export class OrganisationResolver {
  @Mutation(_returns => Organisation, { description: "Creates an organisation owned by the caller's partner, citing the source given." })
  createOrganisation(@Arg("input", _type => CreateOrganisationInput, { description: "The new organisation and its source." }) input: CreateOrganisationInput, @Ctx() ctx: OrganisationsContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Organisation, name: "Organisation", id, data, source });
  }

  @Mutation(_returns => Organisation, { description: "Changes an organisation the caller's partner owns or has been granted." })
  updateOrganisation(
    @Arg("id", _type => ID, { description: "The organisation's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateOrganisationInput, { description: "The fields to change and the source of the change." }) input: UpdateOrganisationInput,
    @Ctx() ctx: OrganisationsContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Organisation, name: "Organisation", id, expectedVersion, changes: given(changes), source });
  }

  @Query(_returns => OrganisationConnection, { description: "Organisations, a page at a time, ordered by id unless `orderBy` says otherwise." })
  organisations(
    @Arg("filter", _type => OrganisationFilter, { nullable: true, description: "Which organisations to list." }) filter: OrganisationFilter | null,
    @Arg("orderBy", _type => OrganisationOrder, { nullable: true, description: "How to sort the organisations; by id when absent." })
    orderBy: InstanceType<typeof OrganisationOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: OrganisationsContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, Organisation, inScope(organisationListing(filter, orderBy), ctx.caller, "Organisation", scope), page, selects(info, "totalCount"));
  }

  @Query(_returns => [OrganisationSearchHit], { description: "Organisations whose names, aliases, city or region match a text in any alphabet, best match first." })
  searchOrganisations(
    @Arg("query", { description: "What to look for, in any language or alphabet: `Uniwersytet Medyczny`, `UMCS`, `Люблін`." }) query: string,
    @Arg("first", _type => Int, { defaultValue: 10, description: "How many hits to return, from 1 to 50." }) first: number,
    @Ctx() ctx: OrganisationsContext,
  ) {
    return searchOrganisations(ctx.em, query, first);
  }

  @Query(_returns => Organisation, { nullable: true, description: "One organisation by id; null when there is none." })
  organisation(@Arg("id", _type => ID, { description: "The organisation's id." }) id: string, @Ctx() ctx: OrganisationsContext) {
    return ctx.loaders.organisationById.load(id);
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this organisation's record rests on." })
  sources(@Root() organisation: Organisation, @Ctx() ctx: OrganisationsContext) {
    return loadSources(ctx.loaders, organisation.sourceIds);
  }
}

export const OrganisationChangesResolver = ChangesResolver(Organisation, "Organisation");

export const OrganisationFactResolvers = [
  FactListResolver({
    record: Organisation, recordName: "Organisation", field: "identifiers", description: "Identifiers of the organisation in public registers, each with its source.",
    fact: OrganisationIdentifier, factName: "OrganisationIdentifier", noun: "identifier",
    add: AddOrganisationIdentifierInput, update: UpdateOrganisationIdentifierInput,
  }),
  SourceOfFactResolver(OrganisationIdentifier),
  RecordRetractionResolver(Organisation, "Organisation", "organisation"),
];
