import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Connection, findPage, PageArgs } from "../../../lib/pagination";
import { loadSources, Source, SourceOfFactResolver } from "../../../lib/sources";
import type { ClustersContext } from "../context";
import { Membership, MembershipRole } from "../membership/membership.entity";
import { OrganisationRef } from "../refs/organisation.ref";
import { Cluster, ClusterFoundingDate, ClusterLabel, ClusterActivity } from "./cluster.entity";
import { ClusterFilter } from "./cluster.inputs";
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
];
