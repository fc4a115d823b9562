import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { OrganisationKind } from "./organisation.entity";

@InputType({ description: "Which organisations to list; every field narrows the list." })
export class OrganisationFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only organisations based in this country." })
  country?: CountryCode;

  @Field(_type => OrganisationKind, { nullable: true, description: "Only organisations of this kind." })
  kind?: OrganisationKind;
}
