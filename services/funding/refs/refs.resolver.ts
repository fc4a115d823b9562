import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { FundingContext } from "../context";
import { FundingInvolvement } from "../involvement/funding-involvement.entity";
import { ClusterRef } from "./cluster.ref";
import { OrganisationRef } from "./organisation.ref";
import { PartnershipRef } from "./partnership.ref";

@Resolver(_of => OrganisationRef)
export class OrganisationFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes this organisation funds, runs or benefits from. Null when the funding subgraph did not answer; the error names it." })
  funding(@Root() organisation: OrganisationRef, @Ctx() ctx: FundingContext) {
    return ctx.loaders.involvementsByOrganisationId.load(organisation.id);
  }
}

@Resolver(_of => ClusterRef)
export class ClusterFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes behind this cluster. Null when the funding subgraph did not answer; the error names it." })
  funding(@Root() cluster: ClusterRef, @Ctx() ctx: FundingContext) {
    return ctx.loaders.involvementsByClusterId.load(cluster.id);
  }
}

@Resolver(_of => PartnershipRef)
export class PartnershipFundingResolver {
  @FieldResolver(_returns => [FundingInvolvement], { nullable: true, description: "The funding programmes that paid for or framed this partnership. Null when the funding subgraph did not answer; the error names it." })
  funding(@Root() partnership: PartnershipRef, @Ctx() ctx: FundingContext) {
    return ctx.loaders.involvementsByPartnershipId.load(partnership.id);
  }
}
