import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { ClustersContext } from "../context";
import { Membership } from "../membership/membership.entity";
import { OrganisationRef } from "./organisation.ref";

@Resolver(_of => OrganisationRef)
export class OrganisationMembershipsResolver {
  @FieldResolver(_returns => [Membership], {
    nullable: true,
    description: "The clusters this organisation belongs to, initiated or coordinates. Null when the clusters subgraph did not answer; the error names it.",
  })
  memberships(@Root() organisation: OrganisationRef, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.membershipsByOrganisationId.load(organisation.id);
  }
}
