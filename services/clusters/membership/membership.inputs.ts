import { ArrayNotEmpty, IsOptional, Length, Matches, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { MembershipRole } from "./membership.entity";

@InputType({ description: "A new membership of an organisation in a cluster the caller's partner owns or has been granted." })
export class CreateMembershipInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new membership: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens" })
  id?: string | null;

  @Field(_type => ID, { description: "The cluster." })
  @Length(1, 200)
  clusterId!: string;

  @Field(_type => ID, { description: "The member organisation, as the organisations subgraph knows it." })
  @Length(1, 200)
  organisationId!: string;

  @Field(_type => [MembershipRole], { description: "The roles the organisation plays in the cluster; at least one." })
  @ArrayNotEmpty()
  roles!: MembershipRole[];

  @Field(_type => PartialDate, { nullable: true, description: "Since when, as precise as the source." })
  since?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says about the organisation's part in the cluster." })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(_type => SourceInput, { description: "The article or document that names the membership." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateMembershipInput = updateInputOf(CreateMembershipInput, {
  name: "UpdateMembershipInput",
  description: "Changes to a membership: only the fields given change; null clears an optional field.",
  omit: ["id", "clusterId", "organisationId"],
});
export type UpdateMembershipInput = InstanceType<typeof UpdateMembershipInput>;
