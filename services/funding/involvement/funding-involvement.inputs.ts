import { IsOptional, Length, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { updateInputOf } from "../../../lib/records/inputs";
import { SourceInput } from "../../../lib/records/writes";
import { FundingRole } from "./funding-involvement.entity";

@InputType({ description: "A new involvement in a funding programme the caller's partner owns or has been granted: one organisation, cluster or partnership, and its role." })
export class AddFundingInvolvementInput {
  @Field(_type => ID, { nullable: true, description: "The organisation involved, as the organisations subgraph knows it; give exactly one of organisationId, clusterId and partnershipId." })
  @IsOptional()
  @Length(1, 200)
  organisationId?: string | null;

  @Field(_type => ID, { nullable: true, description: "The cluster involved, as the clusters subgraph knows it; give exactly one of organisationId, clusterId and partnershipId." })
  @IsOptional()
  @Length(1, 200)
  clusterId?: string | null;

  @Field(_type => ID, { nullable: true, description: "The partnership involved, as the partnerships subgraph knows it; give exactly one of organisationId, clusterId and partnershipId." })
  @IsOptional()
  @Length(1, 200)
  partnershipId?: string | null;

  @Field(_type => ID, { nullable: true, description: "The call or initiative of the programme the involvement is in, when it is in one." })
  @IsOptional()
  @Length(1, 200)
  opportunityId?: string | null;

  @Field(_type => FundingRole, { description: "The part played: funder, implementer or beneficiary." })
  role!: FundingRole;

  @Field(_type => String, { nullable: true, description: "What the source says about this involvement." })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(_type => SourceInput, { description: "The article or document that names the involvement." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateFundingInvolvementInput = updateInputOf(AddFundingInvolvementInput, {
  name: "UpdateFundingInvolvementInput",
  description: "Changes to an involvement: its role or note; only the fields given change, null clears the note. To name another party or call, retract the involvement and add one.",
  omit: ["organisationId", "clusterId", "partnershipId", "opportunityId"],
});
