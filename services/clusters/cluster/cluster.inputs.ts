import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";

@InputType({ description: "Which clusters to list; every field narrows the list." })
export class ClusterFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only clusters of this country." })
  country?: CountryCode;

  @Field(_type => String, { nullable: true, description: "Only clusters that list this sector, as written in their sources (case-insensitive)." })
  sector?: string;
}
