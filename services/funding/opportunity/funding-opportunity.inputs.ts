import { IsArray, IsOptional, IsUrl, Length, Matches, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/subgraph/listing";
import { FundingOpportunityStatus } from "./funding-opportunity.entity";

@InputType({ description: "Which funding opportunities to list; every field narrows the list." })
export class FundingOpportunityFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only opportunities open to organisations of this country, and those whose sources name no eligible countries (unknown, an empty `eligibleCountries`)." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only opportunities open to organisations of at least one of these countries, and those whose sources name no eligible countries (unknown)." })
  countries?: CountryCode[];

  @Field(_type => FundingOpportunityStatus, { nullable: true, description: "Only opportunities with this status." })
  status?: FundingOpportunityStatus;

  @Field(_type => [FundingOpportunityStatus], { nullable: true, description: "Only opportunities with one of these statuses." })
  statuses?: FundingOpportunityStatus[];

  @Field(_type => PartialDateRange, { nullable: true, description: "Only opportunities whose deadline falls in this range." })
  deadline?: PartialDateRange;

  @Field(_type => String, { nullable: true, description: "Only opportunities for this sector, as written in their sources (case-insensitive)." })
  sector?: string;

  @Field(_type => String, { nullable: true, description: "Only opportunities whose title matches this text, in any alphabet." })
  search?: string;
}

@InputType({ description: "A new funding opportunity. The caller's partner becomes its owner." })
export class CreateFundingOpportunityInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new funding opportunity: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens, such as lubelska-medycyna" })
  id?: string | null;

  @Field(_type => ID, { description: "The programme the opportunity belongs to; the caller's partner must own it or have a grant for it." })
  @Length(1, 200)
  programmeId!: string;

  @Field(_type => String, { description: "Title in the language of its source." })
  @Length(1, 500)
  title!: string;

  @Field(_type => String, { nullable: true, description: "Title in English, where one is in use." })
  @IsOptional()
  @Length(1, 500)
  titleEn?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says about it." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => FundingOpportunityStatus, { nullable: true, description: "Whether it can be applied for." })
  status?: FundingOpportunityStatus | null;

  @Field(_type => PartialDate, { nullable: true, description: "Deadline for applications, as precise as the source." })
  deadline?: string | null;

  @Field(_type => [CountryCode], { nullable: true, description: "Countries whose organisations may take part (replaces the list)." })
  @IsOptional()
  @IsArray()
  eligibleCountries?: CountryCode[] | null;

  @Field(_type => [OrganisationKind], { nullable: true, description: "Kinds of organisation that may take part (replaces the list)." })
  @IsOptional()
  @IsArray()
  eligibleKinds?: OrganisationKind[] | null;

  @Field(_type => [String], { nullable: true, description: "Sectors it is for (replaces the list)." })
  @IsOptional()
  @IsArray()
  @Length(1, 200, { each: true })
  sectors?: string[] | null;

  @Field(_type => String, { nullable: true, description: "Where to read more or apply." })
  @IsOptional()
  @IsUrl({ protocols: ["http", "https"], require_protocol: true })
  url?: string | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateFundingOpportunityInput = updateInputOf(CreateFundingOpportunityInput, {
  name: "UpdateFundingOpportunityInput",
  description: "Changes to a funding opportunity: only the fields given change; null clears an optional field.",
  omit: ["id", "programmeId"],
});
export type UpdateFundingOpportunityInput = InstanceType<typeof UpdateFundingOpportunityInput>;
export enum FundingOpportunityOrderField {
  ID = "ID",
  TITLE = "TITLE",
  DEADLINE = "DEADLINE",
  STATUS = "STATUS",
}

registerOrderFields(FundingOpportunityOrderField, "FundingOpportunity", {
  ID: "The opportunity's id.",
  TITLE: "The title, case-insensitive.",
  DEADLINE: "The deadline; none last.",
  STATUS: "The status.",
});

export const FundingOpportunityOrder = OrderInput(FundingOpportunityOrderField, "FundingOpportunity", FundingOpportunityOrderField.ID);
