import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";

@InputType({ description: "Which funding programmes to list; every field narrows the list." })
export class FundingProgrammeFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only programmes open to organisations of this country." })
  country?: CountryCode;
}
