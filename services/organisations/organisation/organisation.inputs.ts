import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { OrderInput, registerOrderFields } from "../../../lib/listing";
import { OrganisationKind } from "./organisation.entity";

@InputType({ description: "Which organisations to list; every field narrows the list." })
export class OrganisationFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only organisations based in this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only organisations based in one of these countries." })
  countries?: CountryCode[];

  @Field(_type => OrganisationKind, { nullable: true, description: "Only organisations of this kind." })
  kind?: OrganisationKind;

  @Field(_type => [OrganisationKind], { nullable: true, description: "Only organisations of one of these kinds." })
  kinds?: OrganisationKind[];

  @Field(_type => String, {
    nullable: true,
    description: "Only organisations whose name, English name, alias, city or region matches this text, in any alphabet.",
  })
  search?: string;
}

export enum OrganisationOrderField {
  ID = "ID",
  NAME = "NAME",
  COUNTRY = "COUNTRY",
  KIND = "KIND",
}

registerOrderFields(OrganisationOrderField, "Organisation", {
  ID: "The organisation's id.",
  NAME: "The name, case-insensitive.",
  COUNTRY: "The country code; international bodies last.",
  KIND: "The kind of body.",
});

export const OrganisationOrder = OrderInput(OrganisationOrderField, "Organisation", OrganisationOrderField.ID);
