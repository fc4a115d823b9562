import { ArrayNotEmpty, IsArray, IsEmpty, IsNotEmpty, IsOptional, Length, Matches, ValidateIf, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { PartyRole } from "./partnership-party.entity";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/subgraph/listing";
import { PartnershipKind, PartnershipStatus } from "./partnership.entity";

@InputType({ description: "Which partnerships to list; every field narrows the list." })
export class PartnershipFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only partnerships that involve this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only partnerships that link all of these countries, such as [PL, BY]." })
  countries?: CountryCode[];

  @Field(_type => [CountryCode], { nullable: true, description: "Only partnerships that involve at least one of these countries." })
  anyOfCountries?: CountryCode[];

  @Field(_type => PartnershipKind, { nullable: true, description: "Only partnerships of this kind." })
  kind?: PartnershipKind;

  @Field(_type => [PartnershipKind], { nullable: true, description: "Only partnerships of one of these kinds." })
  kinds?: PartnershipKind[];

  @Field(_type => PartnershipStatus, { nullable: true, description: "Only partnerships with this status." })
  status?: PartnershipStatus;

  @Field(_type => PartialDateRange, { nullable: true, description: "Only partnerships whose period (start to end, or the start alone) overlaps this range." })
  period?: PartialDateRange;

  @Field(_type => String, { nullable: true, description: "Only partnerships whose title or places match this text, in any alphabet." })
  search?: string;
}

@InputType({ description: "A new partnership. The caller's partner becomes its owner." })
export class CreatePartnershipInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new partnership: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens, such as lubelska-medycyna" })
  id?: string | null;

  @Field(_type => String, { description: "A short title, in the language of the source." })
  @Length(1, 500)
  title!: string;

  @Field(_type => PartnershipKind, { description: "What kind of cooperation it is." })
  kind!: PartnershipKind;

  @Field(_type => PartnershipStatus, { nullable: true, description: "Whether it took place, is under way or is planned." })
  status?: PartnershipStatus | null;

  @Field(_type => PartialDate, { nullable: true, description: "When it started or took place, as precise as the source." })
  startDate?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When it ended, as precise as the source." })
  endDate?: string | null;

  @Field(_type => String, { nullable: true, description: "The source's own words for when it happened." })
  @IsOptional()
  @Length(1, 300)
  dateAsWritten?: string | null;

  @Field(_type => [CountryCode], { description: "The countries the partnership links (replaces the list; at least one)." })
  @IsArray()
  @ArrayNotEmpty()
  countries!: CountryCode[];

  @Field(_type => [String], { nullable: true, description: "Places where it happened, in the language of the source (replaces the list)." })
  @IsOptional()
  @IsArray()
  @Length(1, 300, { each: true })
  places?: string[] | null;

  @Field(_type => String, { nullable: true, description: "What the source says about it." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdatePartnershipInput = updateInputOf(CreatePartnershipInput, {
  name: "UpdatePartnershipInput",
  description: "Changes to a partnership: only the fields given change; null clears an optional field.",
  omit: ["id"],
});
export type UpdatePartnershipInput = InstanceType<typeof UpdatePartnershipInput>;

@InputType({ description: "A party of a partnership: an organisation or a cluster (one of the two), with its role." })
export class AddPartnershipPartyInput {
  @Field(_type => ID, { nullable: true, description: "The organisation, as the organisations subgraph knows it; give this or `clusterId`." })
  @ValidateIf((party: AddPartnershipPartyInput) => party.clusterId == null)
  @IsNotEmpty({ message: "give organisationId or clusterId" })
  organisationId?: string | null;

  @Field(_type => ID, { nullable: true, description: "The cluster, as the clusters subgraph knows it; give this or `organisationId`." })
  @ValidateIf((party: AddPartnershipPartyInput) => party.organisationId != null)
  @IsEmpty({ message: "give organisationId or clusterId, not both" })
  clusterId?: string | null;

  @Field(_type => PartyRole, { description: "The part this party plays." })
  role!: PartyRole;

  @Field(_type => String, { nullable: true, description: "What the source says about this party's part." })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(_type => SourceInput, { description: "The article or document that names this party." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdatePartnershipPartyInput = updateInputOf(AddPartnershipPartyInput, {
  name: "UpdatePartnershipPartyInput",
  description: "Changes to a party of a partnership: its role or note; only the fields given change, null clears the note. To name another organisation or cluster, retract the party and add one.",
  omit: ["organisationId", "clusterId"],
});

export enum PartnershipOrderField {
  ID = "ID",
  TITLE = "TITLE",
  START_DATE = "START_DATE",
  KIND = "KIND",
}

registerOrderFields(PartnershipOrderField, "Partnership", {
  ID: "The partnership's id.",
  TITLE: "The title, case-insensitive.",
  START_DATE: "When it started or took place (partial dates sort as text); undated last.",
  KIND: "The kind of cooperation.",
});

export const PartnershipOrder = OrderInput(PartnershipOrderField, "Partnership", PartnershipOrderField.ID);
