import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { FundingOpportunityStatus } from "./funding-opportunity.entity";

@InputType({ description: "Which funding opportunities to list; every field narrows the list." })
export class FundingOpportunityFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only opportunities open to organisations of this country." })
  country?: CountryCode;

  @Field(_type => FundingOpportunityStatus, { nullable: true, description: "Only opportunities with this status." })
  status?: FundingOpportunityStatus;
}
