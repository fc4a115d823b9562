import { IsArray, IsOptional, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/subgraph/listing";

@InputType({ description: "Which funding programmes to list; every field narrows the list." })
export class FundingProgrammeFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only programmes open to organisations of this country, and those whose sources name no eligible countries (unknown, an empty `eligibleCountries`)." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only programmes open to organisations of at least one of these countries, and those whose sources name no eligible countries (unknown)." })
  countries?: CountryCode[];

  @Field(_type => String, { nullable: true, description: "Only programmes for this sector, as written in their sources (case-insensitive)." })
  sector?: string;

  @Field(_type => PartialDateRange, { nullable: true, description: "Only programmes whose period (start to end) overlaps this range." })
  period?: PartialDateRange;

  @Field(_type => String, { nullable: true, description: "Only programmes whose name, English name or alias matches this text, in any alphabet." })
  search?: string;
}

@InputType({ description: "An amount of money, as a source gives it." })
export class MoneyInput {
  @Field(_type => Float, { description: "The amount, in the currency's units." })
  @Min(0)
  @Max(1e15)
  amount!: number;

  @Field({ description: "The currency, as an ISO 4217 code (EUR, PLN, UAH, ...)." })
  @Matches(/^[A-Z]{3}$/, { message: "currency must be an ISO 4217 code of three capital letters, such as EUR, PLN or UAH" })
  currency!: string;
}

@InputType({ description: "A new funding programme. The caller's partner becomes its owner." })
export class CreateFundingProgrammeInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new funding programme: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens, such as lubelska-medycyna" })
  id?: string | null;

  @Field(_type => String, { description: "Name in the language of its source." })
  @Length(1, 500)
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English, where one is in use." })
  @IsOptional()
  @Length(1, 500)
  nameEn?: string | null;

  @Field(_type => [String], { nullable: true, description: "Other names the programme goes by (replaces the list)." })
  @IsOptional()
  @IsArray()
  @Length(1, 300, { each: true })
  aliases?: string[] | null;

  @Field(_type => String, { nullable: true, description: "What the source says about the programme." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When the programme starts, as precise as the source." })
  startDate?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When the programme ends, as precise as the source." })
  endDate?: string | null;

  @Field(_type => [CountryCode], { nullable: true, description: "Countries whose organisations the programme is open to (replaces the list)." })
  @IsOptional()
  @IsArray()
  eligibleCountries?: CountryCode[] | null;

  @Field(_type => [String], { nullable: true, description: "Sectors the programme is for (replaces the list)." })
  @IsOptional()
  @IsArray()
  @Length(1, 200, { each: true })
  sectors?: string[] | null;

  @Field(_type => MoneyInput, { nullable: true, description: "Budget of the programme, where the source gives it." })
  @IsOptional()
  @ValidateNested()
  budget?: MoneyInput | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateFundingProgrammeInput = updateInputOf(CreateFundingProgrammeInput, {
  name: "UpdateFundingProgrammeInput",
  description: "Changes to a funding programme: only the fields given change; null clears an optional field.",
  omit: ["id"],
});
export type UpdateFundingProgrammeInput = InstanceType<typeof UpdateFundingProgrammeInput>;
export enum FundingProgrammeOrderField {
  ID = "ID",
  NAME = "NAME",
  START_DATE = "START_DATE",
  END_DATE = "END_DATE",
}

registerOrderFields(FundingProgrammeOrderField, "FundingProgramme", {
  ID: "The programme's id.",
  NAME: "The name, case-insensitive.",
  START_DATE: "When the programme starts; undated last.",
  END_DATE: "When the programme ends; undated last.",
});

export const FundingProgrammeOrder = OrderInput(FundingProgrammeOrderField, "FundingProgramme", FundingProgrammeOrderField.ID);
