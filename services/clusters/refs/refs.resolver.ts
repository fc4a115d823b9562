import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { INCLUDE_RETRACTED, standing } from "../../../lib/records/retraction";
import type { ClustersContext } from "../context";
import { Membership } from "../membership/membership.entity";
import { OrganisationRef } from "./organisation.ref";

@Resolver(_of => OrganisationRef)
export class OrganisationMembershipsResolver {
  @FieldResolver(_returns => [Membership], {
    nullable: true,
    description: "The clusters this organisation belongs to, initiated or coordinates. Null when the clusters subgraph did not answer; the error names it.",
  })
  async memberships(@Root() organisation: OrganisationRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: ClustersContext) {
    return standing(await ctx.loaders.membershipsByOrganisationId.load(organisation.id), includeRetracted);
  }
}
