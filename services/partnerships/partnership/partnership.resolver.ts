import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { INCLUDE_RETRACTED, inScope, RecordScopeArgs, standing } from "../../../lib/records/retraction";
import { PartResolver, RecordRetractionResolver } from "../../../lib/records/facts";
import { Connection, PageArgs } from "../../../lib/subgraph/pagination";
import type { GraphQLResolveInfo } from "graphql";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { SearchHitType } from "../../../lib/records/search";
import { loadSources, Source } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, PARENT_VERSION, updateRecord } from "../../../lib/records/writes";
import type { PartnershipsContext } from "../context";
import { ClusterRef } from "../refs/cluster.ref";
import { OrganisationRef } from "../refs/organisation.ref";
import { PartnershipParty } from "./partnership-party.entity";
import { Partnership } from "./partnership.entity";
import { AddPartnershipPartyInput, UpdatePartnershipPartyInput, CreatePartnershipInput, PartnershipFilter, PartnershipOrder, UpdatePartnershipInput } from "./partnership.inputs";
import { partnershipListing, searchPartnerships } from "./partnership.listing";

export const PartnershipConnection = Connection(Partnership, "Partnership", "partnerships");
export const PartnershipSearchHit = SearchHitType(Partnership, "Partnership");

/** The distinct partnerships behind a list of parties, batched through the request's loader; standing ones through standing parties unless `includeRetracted`. */
export async function partnershipsOf(parties: PartnershipParty[], ctx: PartnershipsContext, includeRetracted = false): Promise<Partnership[]> {
  const ids = [...new Set(standing(parties, includeRetracted).map(party => party.partnershipId))];
  const partnerships = await ctx.loaders.partnershipById.loadMany(ids);
  return standing(partnerships.filter((p): p is Partnership => p !== null && !(p instanceof Error)), includeRetracted);
}

@Resolver(_of => Partnership)
export class PartnershipResolver {
  @Mutation(_returns => Partnership, { description: "Creates a partnership owned by the caller's partner, citing the source given." })
  createPartnership(@Arg("input", _type => CreatePartnershipInput, { description: "The new partnership and its source." }) input: CreatePartnershipInput, @Ctx() ctx: PartnershipsContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Partnership, name: "Partnership", id, data, source });
  }

  @Mutation(_returns => Partnership, { description: "Changes a partnership the caller's partner owns or has been granted." })
  updatePartnership(
    @Arg("id", _type => ID, { description: "The partnership's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdatePartnershipInput, { description: "The fields to change and the source of the change." }) input: UpdatePartnershipInput,
    @Ctx() ctx: PartnershipsContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Partnership, name: "Partnership", id, expectedVersion, changes: given(changes), source });
  }

  @Query(_returns => PartnershipConnection, { description: "Partnerships, a page at a time, ordered by id unless `orderBy` says otherwise." })
  partnerships(
    @Arg("filter", _type => PartnershipFilter, { nullable: true, description: "Which partnerships to list." }) filter: PartnershipFilter | null,
    @Arg("orderBy", _type => PartnershipOrder, { nullable: true, description: "How to sort the partnerships; by id when absent." })
    orderBy: InstanceType<typeof PartnershipOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: PartnershipsContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, Partnership, inScope(partnershipListing(filter, orderBy), ctx.caller, "Partnership", scope), page, selects(info, "totalCount"));
  }

  @Query(_returns => [PartnershipSearchHit], { description: "Partnerships whose title or places match a text in any alphabet, best match first." })
  searchPartnerships(
    @Arg("query", { description: "What to look for, in any language or alphabet: `Mohylew`, `Могилёв`, `study visit`." }) query: string,
    @Arg("first", _type => Int, { defaultValue: 10, description: "How many hits to return, from 1 to 50." }) first: number,
    @Ctx() ctx: PartnershipsContext,
  ) {
    return searchPartnerships(ctx.em, query, first);
  }

  @Query(_returns => Partnership, { nullable: true, description: "One partnership by id; null when there is none." })
  partnership(@Arg("id", _type => ID, { description: "The partnership's id." }) id: string, @Ctx() ctx: PartnershipsContext) {
    return ctx.loaders.partnershipById.load(id);
  }

  @FieldResolver(_returns => [PartnershipParty], { description: "The parties: organisations and clusters, each with its role; retracted ones only with `includeRetracted: true`." })
  async parties(@Root() partnership: Partnership, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: PartnershipsContext) {
    return standing(await ctx.loaders.partiesByPartnershipId.load(partnership.id), includeRetracted);
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this partnership's record rests on." })
  sources(@Root() partnership: Partnership, @Ctx() ctx: PartnershipsContext) {
    return loadSources(ctx.loaders, partnership.sourceIds);
  }
}

@Resolver(_of => PartnershipParty)
export class PartnershipPartyResolver {
  @Mutation(_returns => PartnershipParty, { description: "Adds a party to a partnership the caller's partner owns or has been granted." })
  addPartnershipParty(
    @Arg("partnershipId", _type => ID, { description: "The partnership." }) partnershipId: string,
    @Arg("input", _type => AddPartnershipPartyInput, { description: "The party, its role and its source." }) input: AddPartnershipPartyInput,
    @Arg("expectedVersion", _type => Int, PARENT_VERSION("partnership")) expectedVersion: number | null,
    @Ctx() ctx: PartnershipsContext,
  ) {
    const { source, ...data } = input;
    return createRecord(ctx, {
      entity: PartnershipParty,
      name: "PartnershipParty",
      data: { ...data, partnershipId },
      source,
      kind: "part",
      parent: { entity: Partnership, name: "Partnership", id: partnershipId, expectedVersion },
    });
  }

  @FieldResolver(_returns => Partnership, { description: "The partnership." })
  async partnership(@Root() party: PartnershipParty, @Ctx() ctx: PartnershipsContext) {
    return ctx.loaders.partnershipById.load(party.partnershipId);
  }

  @FieldResolver(_returns => OrganisationRef, { nullable: true, description: "The organisation, when this party is one; also null when the organisations subgraph did not answer (the error names it)." })
  organisation(@Root() party: PartnershipParty): OrganisationRef | null {
    return party.organisationId ? { id: party.organisationId } : null;
  }

  @FieldResolver(_returns => ClusterRef, { nullable: true, description: "The cluster, when this party is one; also null when the clusters subgraph did not answer (the error names it)." })
  cluster(@Root() party: PartnershipParty): ClusterRef | null {
    return party.clusterId ? { id: party.clusterId } : null;
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents that name this party." })
  sources(@Root() party: PartnershipParty, @Ctx() ctx: PartnershipsContext) {
    return loadSources(ctx.loaders, party.sourceIds);
  }
}

export const PartnershipChangesResolver = ChangesResolver(Partnership, "Partnership");

export const PartnershipWriteResolvers = [
  RecordRetractionResolver(Partnership, "Partnership", "partnership"),
  ...PartResolver({
    entity: PartnershipParty,
    name: "PartnershipParty",
    noun: "party",
    parent: { entity: Partnership, name: "Partnership", key: "partnershipId" },
    update: UpdatePartnershipPartyInput,
  }),
];
