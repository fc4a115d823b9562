import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/listing";

@InputType({ description: "Which funding programmes to list; every field narrows the list." })
export class FundingProgrammeFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only programmes open to organisations of this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only programmes open to organisations of at least one of these countries." })
  countries?: CountryCode[];

  @Field(_type => String, { nullable: true, description: "Only programmes for this sector, as written in their sources (case-insensitive)." })
  sector?: string;

  @Field(_type => PartialDateRange, { nullable: true, description: "Only programmes whose period (start to end) overlaps this range." })
  period?: PartialDateRange;

  @Field(_type => String, { nullable: true, description: "Only programmes whose name, English name or alias matches this text, in any alphabet." })
  search?: string;
}

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
