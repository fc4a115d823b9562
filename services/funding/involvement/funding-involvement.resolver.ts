import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { loadSources, Source } from "../../../lib/records/sources";
import type { FundingContext } from "../context";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { ClusterRef } from "../refs/cluster.ref";
import { OrganisationRef } from "../refs/organisation.ref";
import { PartnershipRef } from "../refs/partnership.ref";
import { FundingInvolvement } from "./funding-involvement.entity";

@Resolver(_of => FundingInvolvement)
export class FundingInvolvementResolver {
  @FieldResolver(_returns => FundingProgramme, { description: "The programme." })
  async programme(@Root() involvement: FundingInvolvement, @Ctx() ctx: FundingContext) {
    return ctx.loaders.programmeById.load(involvement.programmeId);
  }

  @FieldResolver(_returns => FundingOpportunity, { nullable: true, description: "The call or initiative within the programme, when the involvement is in one." })
  async opportunity(@Root() involvement: FundingInvolvement, @Ctx() ctx: FundingContext) {
    return involvement.opportunityId ? ctx.loaders.opportunityById.load(involvement.opportunityId) : null;
  }

  @FieldResolver(_returns => OrganisationRef, { nullable: true, description: "The organisation involved, when it is one; also null when the organisations subgraph did not answer (the error names it)." })
  organisation(@Root() involvement: FundingInvolvement): OrganisationRef | null {
    return involvement.organisationId ? { id: involvement.organisationId } : null;
  }

  @FieldResolver(_returns => ClusterRef, { nullable: true, description: "The cluster involved, when it is one; also null when the clusters subgraph did not answer (the error names it)." })
  cluster(@Root() involvement: FundingInvolvement): ClusterRef | null {
    return involvement.clusterId ? { id: involvement.clusterId } : null;
  }

  @FieldResolver(_returns => PartnershipRef, { nullable: true, description: "The partnership involved, when it is one; also null when the partnerships subgraph did not answer (the error names it)." })
  partnership(@Root() involvement: FundingInvolvement): PartnershipRef | null {
    return involvement.partnershipId ? { id: involvement.partnershipId } : null;
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents that name this involvement." })
  sources(@Root() involvement: FundingInvolvement, @Ctx() ctx: FundingContext) {
    return loadSources(ctx.loaders, involvement.sourceIds);
  }
}
