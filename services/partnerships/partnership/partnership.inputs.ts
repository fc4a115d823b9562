import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { PartnershipKind } from "./partnership.entity";

@InputType({ description: "Which partnerships to list; every field narrows the list." })
export class PartnershipFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only partnerships that involve this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only partnerships that link all of these countries, such as [PL, BY]." })
  countries?: CountryCode[];

  @Field(_type => PartnershipKind, { nullable: true, description: "Only partnerships of this kind." })
  kind?: PartnershipKind;
}
