import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { RecordRetractionResolver } from "../../../lib/records/facts";
import { loadSources, Source } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, PARENT_VERSION, updateRecord } from "../../../lib/records/writes";
import { Cluster } from "../cluster/cluster.entity";
import type { ClustersContext } from "../context";
import { OrganisationRef } from "../refs/organisation.ref";
import { Membership } from "./membership.entity";
import { CreateMembershipInput, UpdateMembershipInput } from "./membership.inputs";

@Resolver(_of => Membership)
export class MembershipResolver {
  @Mutation(_returns => Membership, { description: "Adds an organisation to a cluster the caller's partner owns or has been granted." })
  createMembership(
    @Arg("input", _type => CreateMembershipInput, { description: "The membership and its source." }) input: CreateMembershipInput,
    @Arg("expectedVersion", _type => Int, PARENT_VERSION("cluster")) expectedVersion: number | null,
    @Ctx() ctx: ClustersContext,
  ) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Membership, name: "Membership", id, data, source, parent: { entity: Cluster, name: "Cluster", id: data.clusterId, expectedVersion } });
  }

  @Mutation(_returns => Membership, { description: "Changes a membership the caller's partner owns or has been granted." })
  updateMembership(
    @Arg("id", _type => ID, { description: "The membership's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateMembershipInput, { description: "The fields to change and the source of the change." }) input: UpdateMembershipInput,
    @Ctx() ctx: ClustersContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Membership, name: "Membership", id, expectedVersion, changes: given(changes), source });
  }

  @FieldResolver(_returns => Cluster, { description: "The cluster." })
  async cluster(@Root() membership: Membership, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.clusterById.load(membership.clusterId);
  }

  @FieldResolver(_returns => OrganisationRef, { nullable: true, description: "The member organisation. Null when the organisations subgraph did not answer; the error names it." })
  organisation(@Root() membership: Membership): OrganisationRef {
    return { id: membership.organisationId };
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents that name this membership." })
  sources(@Root() membership: Membership, @Ctx() ctx: ClustersContext) {
    return loadSources(ctx.loaders, membership.sourceIds);
  }
}

export const MembershipChangesResolver = ChangesResolver(Membership, "Membership");
export const MembershipRetractionResolver = RecordRetractionResolver(Membership, "Membership", "membership");
