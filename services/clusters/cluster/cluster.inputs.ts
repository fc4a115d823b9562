import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { IntRange, OrderInput, registerOrderFields } from "../../../lib/listing";

@InputType({ description: "Which clusters to list; every field narrows the list." })
export class ClusterFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only clusters of this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only clusters of one of these countries." })
  countries?: CountryCode[];

  @Field(_type => String, { nullable: true, description: "Only clusters that list this sector, as written in their sources (case-insensitive)." })
  sector?: string;

  @Field(_type => IntRange, { nullable: true, description: "Only clusters whose founding year (`foundedYear`) is in this range." })
  foundedYear?: IntRange;

  @Field(_type => IntRange, { nullable: true, description: "Only clusters whose latest dated member count (`latestMemberCount`) is in this range." })
  latestMemberCount?: IntRange;

  @Field(_type => String, {
    nullable: true,
    description: "Only clusters whose name, alias, city or region matches this text, in any alphabet: `Lviv`, `Львів` and `Lwów` find the same cluster.",
  })
  search?: string;
}

export enum ClusterOrderField {
  ID = "ID",
  NAME = "NAME",
  COUNTRY = "COUNTRY",
  FOUNDED_YEAR = "FOUNDED_YEAR",
  LATEST_MEMBER_COUNT = "LATEST_MEMBER_COUNT",
}

registerOrderFields(ClusterOrderField, "Cluster", {
  ID: "The cluster's id.",
  NAME: "The name, case-insensitive.",
  COUNTRY: "The country code.",
  FOUNDED_YEAR: "The earliest founding year.",
  LATEST_MEMBER_COUNT: "The latest dated member count.",
});

export const ClusterOrder = OrderInput(ClusterOrderField, "Cluster", ClusterOrderField.ID);
