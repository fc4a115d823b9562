import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/listing";
import { FundingOpportunityStatus } from "./funding-opportunity.entity";

@InputType({ description: "Which funding opportunities to list; every field narrows the list." })
export class FundingOpportunityFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only opportunities open to organisations of this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only opportunities open to organisations of at least one of these countries." })
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
