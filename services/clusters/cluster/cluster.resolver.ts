import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/audit";
import { Connection, findPage, PageArgs } from "../../../lib/pagination";
import { loadSources, Source, SourceOfFactResolver } from "../../../lib/sources";
import { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/writes";
import type { ClustersContext } from "../context";
import { Membership, MembershipRole } from "../membership/membership.entity";
import { OrganisationRef } from "../refs/organisation.ref";
import { Cluster, ClusterFoundingDate, ClusterLabel, ClusterActivity } from "./cluster.entity";
import { AddMemberCountInput, ClusterFilter, CreateClusterInput, UpdateClusterInput } from "./cluster.inputs";
import { MemberCount } from "./member-count.entity";

export const ClusterConnection = Connection(Cluster, "Cluster", "clusters");

const withRole = (memberships: Membership[], role: MembershipRole) => memberships.filter(m => m.roles.includes(role));

@Resolver(_of => Cluster)
export class ClusterResolver {
  @Query(_returns => ClusterConnection, { description: "Clusters, a page at a time, ordered by id." })
  clusters(
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters to list." }) filter: ClusterFilter | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Ctx() ctx: ClustersContext,
  ) {
    return findPage(
      ctx.em,
      Cluster,
      {
        ...(filter?.country && { country: filter.country }),
        ...(filter?.sector && { sectors: { $overlap: [filter.sector] } }),
      },
      page,
    );
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
    @Ctx() ctx: ClustersContext,
  ) {
    const { source, ...data } = input;
    return createRecord(ctx, {
      entity: MemberCount,
      name: "MemberCount",
      data: { ...data, clusterId },
      source,
      kind: "observation",
      parent: { entity: Cluster, name: "Cluster", id: clusterId },
    });
  }

  @FieldResolver(_returns => [Membership], { description: "The organisations of the cluster and their roles." })
  async memberships(
    @Root() cluster: Cluster,
    @Arg("role", _type => MembershipRole, { nullable: true, description: "Only memberships with this role." }) role: MembershipRole | null,
    @Ctx() ctx: ClustersContext,
  ) {
    const memberships = await ctx.loaders.membershipsByClusterId.load(cluster.id);
    return role ? withRole(memberships, role) : memberships;
  }

  @FieldResolver(_returns => OrganisationRef, { nullable: true, description: "The organisation that coordinates or administers the cluster, where a source names one." })
  async coordinator(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext): Promise<OrganisationRef | null> {
    const [coordinator] = withRole(await ctx.loaders.membershipsByClusterId.load(cluster.id), MembershipRole.COORDINATOR);
    return coordinator ? { id: coordinator.organisationId } : null;
  }

  @FieldResolver(_returns => [OrganisationRef], { description: "The organisations on whose initiative the cluster was created." })
  async initiators(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext): Promise<OrganisationRef[]> {
    return withRole(await ctx.loaders.membershipsByClusterId.load(cluster.id), MembershipRole.INITIATOR).map(m => ({ id: m.organisationId }));
  }

  @FieldResolver(_returns => [MemberCount], { description: "Every observed member count, oldest first, each with its date and source." })
  memberCounts(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.memberCountsByClusterId.load(cluster.id);
  }

  @FieldResolver(_returns => MemberCount, { nullable: true, description: "The most recent dated member count, for dashboards; see `memberCounts` for the history." })
  async latestMemberCount(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext) {
    const dated = (await ctx.loaders.memberCountsByClusterId.load(cluster.id)).filter(count => count.asOf);
    return dated.at(-1) ?? null;
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this cluster's record rests on." })
  sources(@Root() cluster: Cluster, @Ctx() ctx: ClustersContext) {
    return loadSources(ctx.loaders, cluster.sourceIds);
  }
}

export const ClusterFactResolvers = [
  SourceOfFactResolver(ClusterFoundingDate),
  SourceOfFactResolver(ClusterLabel),
  SourceOfFactResolver(ClusterActivity),
  SourceOfFactResolver(MemberCount),
  ChangesResolver(Cluster, "Cluster"),
];
