import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { checkPageSize, Connection, MAX_PAGE, PageArgs } from "../../../lib/subgraph/pagination";
import type { GraphQLResolveInfo } from "graphql";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { SearchHitType } from "../../../lib/records/search";
import { provenanceResolvers } from "../../../lib/records/provenance";
import { loadSources, Source, SourceOfFactResolver } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, PARENT_VERSION, updateRecord } from "../../../lib/records/writes";
import { FactListResolver, PartResolver, RecordRetractionResolver } from "../../../lib/records/facts";
import { INCLUDE_RETRACTED, inScope, RecordScopeArgs, standing } from "../../../lib/records/retraction";
import type { ClustersContext } from "../context";
import { Membership, MembershipRole } from "../membership/membership.entity";
import { OrganisationRef } from "../refs/organisation.ref";
import { Cluster, ClusterFoundingDate, ClusterLabel, ClusterActivity } from "./cluster.entity";
import {
  AddClusterActivityInput,
  AddClusterFoundingDateInput,
  AddClusterLabelInput,
  AddMemberCountInput,
  ClusterFilter,
  ClusterOrder,
  CreateClusterInput,
  UpdateClusterActivityInput,
  UpdateClusterFoundingDateInput,
  UpdateClusterInput,
  UpdateClusterLabelInput,
} from "./cluster.inputs";
import { clusterListing, searchClusters } from "./cluster.listing";
import { MemberCount } from "./member-count.entity";

export const ClusterConnection = Connection(Cluster, "Cluster", "clusters");
export const ClusterSearchHit = SearchHitType(Cluster, "Cluster");

const withRole = (memberships: Membership[], role: MembershipRole) => memberships.filter(m => m.roles.includes(role));

@Resolver(_of => Cluster)
export class ClusterResolver {
  @Query(_returns => ClusterConnection, { description: "Clusters, a page at a time, ordered by id unless `orderBy` says otherwise." })
  clusters(
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters to list." }) filter: ClusterFilter | null,
    @Arg("orderBy", _type => ClusterOrder, { nullable: true, description: "How to sort the clusters; by id when absent." }) orderBy: InstanceType<typeof ClusterOrder> | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: ClustersContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, Cluster, inScope(clusterListing(filter, orderBy), ctx.caller, "Cluster", scope), page, selects(info, "totalCount"));
  }

  @Query(_returns => [ClusterSearchHit], { description: "Clusters whose names, aliases, city or region match a text in any alphabet, best match first." })
  searchClusters(
    @Arg("query", { description: "What to look for: `Lviv`, `Львів`, `Lwów` or `lubelska medycyna`." }) query: string,
    @Arg("first", _type => Int, { defaultValue: 10, description: "How many hits to return, from 1 to 50." }) first: number,
    @Ctx() ctx: ClustersContext,
  ) {
    return searchClusters(ctx.em, query, first);
  }

  @Query(_returns => Cluster, { nullable: true, description: "One cluster by id; null when there is none." })
  cluster(@Arg("id", _type => ID, { description: "The cluster's id." }) id: string, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.clusterById.load(id);
  }

  @Mutation(_returns => Cluster, { description: "Creates a cluster owned by the caller's partner, citing the source given." })
  createCluster(@Arg("input", _type => CreateClusterInput, { description: "The new cluster and its source." }) input: CreateClusterInput, @Ctx() ctx: ClustersContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Cluster, name: "Cluster", id, data, source });
  }

  @Mutation(_returns => Cluster, { description: "Changes a cluster the caller's partner owns or has been granted." })
  updateCluster(
    @Arg("id", _type => ID, { description: "The cluster's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateClusterInput, { description: "The fields to change and the source of the change." }) input: UpdateClusterInput,
    @Ctx() ctx: ClustersContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Cluster, name: "Cluster", id, expectedVersion, changes: given(changes), source });
  }

  @Mutation(_returns => MemberCount, { description: "Adds an observation of a cluster's member count; earlier observations stay as they are." })
  addMemberCount(
    @Arg("clusterId", _type => ID, { description: "The cluster counted; the caller's partner must own it or have a grant for it." }) clusterId: string,
    @Arg("input", _type => AddMemberCountInput, { description: "The count, when it held and its source." }) input: AddMemberCountInput,
    @Arg("expectedVersion", _type => Int, PARENT_VERSION("cluster")) expectedVersion: number | null,
    @Ctx() ctx: ClustersContext,
  ) {
    const { source, ...data } = input;
    return createRecord(ctx, {
      entity: MemberCount,
      name: "MemberCount",
      data: { ...data, clusterId },
      source,
      kind: "observation",
      parent: { entity: Cluster, name: "Cluster", id: clusterId, expectedVersion },
    });
  }

  @FieldResolver(_returns => [Membership], { description: "The organisations of the cluster and their roles, in the order of the memberships' ids." })
  async memberships(
    @Root() cluster: Cluster,
    @Arg("role", _type => MembershipRole, { nullable: true, description: "Only memberships with this role." }) role: MembershipRole | null,
    @Arg("first", _type => Int, {
      nullable: true,
      description: `At most this many memberships of each cluster, from 1 to ${MAX_PAGE}: a list of many clusters then reads only the memberships it returns. All of them when absent.`,
    })
    first: number | null,
    @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean,
    @Ctx() ctx: ClustersContext,
  ) {
    if (first != null) return ctx.loaders.firstMembershipsByClusterId(checkPageSize(first), role, includeRetracted).load(cluster.id);
    const memberships = standing(await ctx.loaders.membershipsByClusterId.load(cluster.id), includeRetracted);
    return role ? withRole(memberships, role) : memberships;
  }

  @FieldResolver(_returns => OrganisationRef, {
    nullable: true,
    description:
      "The organisation that coordinates or administers the cluster, where a source names one; also null when the organisations subgraph did not answer (the error names it).",
  })
  async coordinator(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext): Promise<OrganisationRef | null> {
    const [coordinator] = withRole(standing(await ctx.loaders.membershipsByClusterId.load(cluster.id)), MembershipRole.COORDINATOR);
    return coordinator ? { id: coordinator.organisationId } : null;
  }

  @FieldResolver(_returns => [OrganisationRef], {
    nullable: true,
    description: "The organisations on whose initiative the cluster was created. Null when the organisations subgraph did not answer; the error names it.",
  })
  async initiators(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext): Promise<OrganisationRef[]> {
    return withRole(standing(await ctx.loaders.membershipsByClusterId.load(cluster.id)), MembershipRole.INITIATOR).map(m => ({ id: m.organisationId }));
  }

  @FieldResolver(_returns => [MemberCount], { description: "Every observed member count, oldest first, each with its date and source; retracted ones only with `includeRetracted: true`." })
  async memberCounts(@Root() cluster: Cluster, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: ClustersContext) {
    return standing(await ctx.loaders.memberCountsByClusterId.load(cluster.id), includeRetracted);
  }

  @FieldResolver(_returns => MemberCount, { nullable: true, description: "The most recent dated member count that stands, for dashboards; see `memberCounts` for the history." })
  async latestMemberCount(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext) {
    const dated = standing(await ctx.loaders.memberCountsByClusterId.load(cluster.id)).filter(count => count.asOf);
    return dated.at(-1) ?? null;
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this cluster's record rests on." })
  sources(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext) {
    return loadSources(ctx.loaders, cluster.sourceIds);
  }
}

/** A cluster's founding year: the earliest that its standing founding dates give, when they give one. */
const deriveFoundedYear = (cluster: Cluster) => {
  const years = standing(cluster.founded).flatMap(date => (date.date ? [Number(date.date.slice(0, 4))] : []));
  if (years.length) cluster.foundedYear = Math.min(...years);
};

export const ClusterFactResolvers = [
  FactListResolver({
    record: Cluster, recordName: "Cluster", field: "founded", description: "Founding and launch dates, each as one source gives it.",
    fact: ClusterFoundingDate, factName: "ClusterFoundingDate", noun: "founding date",
    add: AddClusterFoundingDateInput, update: UpdateClusterFoundingDateInput, derive: deriveFoundedYear,
  }),
  FactListResolver({
    record: Cluster, recordName: "Cluster", field: "labels", description: "Labels and statuses the cluster holds.",
    fact: ClusterLabel, factName: "ClusterLabel", noun: "label", add: AddClusterLabelInput, update: UpdateClusterLabelInput,
  }),
  FactListResolver({
    record: Cluster, recordName: "Cluster", field: "activities", description: "Working groups and activities of the cluster.",
    fact: ClusterActivity, factName: "ClusterActivity", noun: "activity", add: AddClusterActivityInput, update: UpdateClusterActivityInput,
  }),
  RecordRetractionResolver(Cluster, "Cluster", "cluster"),
  ...PartResolver({ entity: MemberCount, name: "MemberCount", noun: "member count", parent: { entity: Cluster, name: "Cluster", key: "clusterId" } }),
  SourceOfFactResolver(ClusterFoundingDate),
  SourceOfFactResolver(ClusterLabel),
  SourceOfFactResolver(ClusterActivity),
  SourceOfFactResolver(MemberCount),
  ChangesResolver(Cluster, "Cluster"),
  ...provenanceResolvers(),
];
