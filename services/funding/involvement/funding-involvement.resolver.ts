import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { BadUserInputError, NotFoundError } from "../../../lib/platform/errors";
import { PartResolver } from "../../../lib/records/facts";
import { createRecord, PARENT_VERSION } from "../../../lib/records/writes";
import { loadSources, Source } from "../../../lib/records/sources";
import type { FundingContext } from "../context";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";
import { ClusterRef } from "../refs/cluster.ref";
import { OrganisationRef } from "../refs/organisation.ref";
import { PartnershipRef } from "../refs/partnership.ref";
import { FundingInvolvement } from "./funding-involvement.entity";
import { AddFundingInvolvementInput, UpdateFundingInvolvementInput } from "./funding-involvement.inputs";

const PARTIES = ["organisationId", "clusterId", "partnershipId"] as const;

@Resolver(_of => FundingInvolvement)
export class FundingInvolvementResolver {
  @Mutation(_returns => FundingInvolvement, { description: "Adds an organisation, cluster or partnership to a funding programme the caller's partner owns or has been granted, in a role." })
  async addFundingInvolvement(
    @Arg("programmeId", _type => ID, { description: "The programme." }) programmeId: string,
    @Arg("input", _type => AddFundingInvolvementInput, { description: "Who is involved, in what role, and the source." }) input: AddFundingInvolvementInput,
    @Arg("expectedVersion", _type => Int, PARENT_VERSION("programme")) expectedVersion: number | null,
    @Ctx() ctx: FundingContext,
  ) {
    if (PARTIES.filter(party => input[party] != null).length !== 1)
      throw new BadUserInputError("organisationId", "give exactly one of organisationId, clusterId and partnershipId");
    if (input.opportunityId != null) {
      const opportunity = await ctx.loaders.opportunityById.load(input.opportunityId);
      if (!opportunity || opportunity.programmeId !== programmeId) throw new NotFoundError("FundingOpportunity", `${programmeId}/${input.opportunityId}`);
    }
    const { source, ...data } = input;
    return createRecord(ctx, {
      entity: FundingInvolvement,
      name: "FundingInvolvement",
      data: { ...data, programmeId },
      source,
      kind: "part",
      parent: { entity: FundingProgramme, name: "FundingProgramme", id: programmeId, expectedVersion },
    });
  }

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

export const FundingInvolvementWriteResolvers = PartResolver({
  entity: FundingInvolvement,
  name: "FundingInvolvement",
  noun: "involvement",
  parent: { entity: FundingProgramme, name: "FundingProgramme", key: "programmeId" },
  update: UpdateFundingInvolvementInput,
});
