import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { loadSources, Source } from "../../../lib/sources";
import { Cluster } from "../cluster/cluster.entity";
import type { ClustersContext } from "../context";
import { OrganisationRef } from "../refs/organisation.ref";
import { Membership } from "./membership.entity";

@Resolver(_of => Membership)
export class MembershipResolver {
  @FieldResolver(_returns => Cluster, { description: "The cluster." })
  async cluster(@Root() membership: Membership, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.clusterById.load(membership.clusterId);
  }

  @FieldResolver(_returns => OrganisationRef, { description: "The member organisation." })
  organisation(@Root() membership: Membership): OrganisationRef {
    return { id: membership.organisationId };
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents that name this membership." })
  sources(@Root() membership: Membership, @Ctx() ctx: ClustersContext) {
    return loadSources(ctx.loaders, membership.sourceIds);
  }
}
