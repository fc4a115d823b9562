import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { INCLUDE_RETRACTED } from "../../../lib/records/retraction";
import type { PartnershipsContext } from "../context";
import { Partnership } from "../partnership/partnership.entity";
import { partnershipsOf } from "../partnership/partnership.resolver";
import { ClusterRef } from "./cluster.ref";
import { OrganisationRef } from "./organisation.ref";

@Resolver(_of => OrganisationRef)
export class OrganisationPartnershipsResolver {
  @FieldResolver(_returns => [Partnership], { nullable: true, description: "The partnerships this organisation is a party to. Null when the partnerships subgraph did not answer; the error names it." })
  async partnerships(@Root() organisation: OrganisationRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: PartnershipsContext) {
    return partnershipsOf(await ctx.loaders.partiesByOrganisationId.load(organisation.id), ctx, includeRetracted);
  }
}

@Resolver(_of => ClusterRef)
export class ClusterPartnershipsResolver {
  @FieldResolver(_returns => [Partnership], { nullable: true, description: "The partnerships this cluster is a party to. Null when the partnerships subgraph did not answer; the error names it." })
  async partnerships(@Root() cluster: ClusterRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: PartnershipsContext) {
    return partnershipsOf(await ctx.loaders.partiesByClusterId.load(cluster.id), ctx, includeRetracted);
  }
}
