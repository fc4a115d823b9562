import { Arg, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { INCLUDE_RETRACTED, standing } from "../../../lib/records/retraction";
import type { FundingContext } from "../context";
import { FundingInvolvement } from "../involvement/funding-involvement.entity";
import { ClusterRef } from "./cluster.ref";
import { OrganisationRef } from "./organisation.ref";
import { PartnershipRef } from "./partnership.ref";

@Resolver(_of => OrganisationRef)
export class OrganisationFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes this organisation funds, runs or benefits from. Null when the funding subgraph did not answer; the error names it." })
  async funding(@Root() organisation: OrganisationRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.involvementsByOrganisationId.load(organisation.id), includeRetracted);
  }
}

@Resolver(_of => ClusterRef)
export class ClusterFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes behind this cluster. Null when the funding subgraph did not answer; the error names it." })
  async funding(@Root() cluster: ClusterRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.involvementsByClusterId.load(cluster.id), includeRetracted);
  }
}

@Resolver(_of => PartnershipRef)
export class PartnershipFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes that paid for or framed this partnership. Null when the funding subgraph did not answer; the error names it." })
  async funding(@Root() partnership: PartnershipRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: FundingContext) {
    return standing(await ctx.loaders.involvementsByPartnershipId.load(partnership.id), includeRetracted);
  }
}
