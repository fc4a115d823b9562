import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/country";
import { OrderInput, PartialDateRange, registerOrderFields } from "../../../lib/listing";
import { PartnershipKind, PartnershipStatus } from "./partnership.entity";

@InputType({ description: "Which partnerships to list; every field narrows the list." })
export class PartnershipFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only partnerships that involve this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only partnerships that link all of these countries, such as [PL, BY]." })
  countries?: CountryCode[];

  @Field(_type => [CountryCode], { nullable: true, description: "Only partnerships that involve at least one of these countries." })
  anyOfCountries?: CountryCode[];

  @Field(_type => PartnershipKind, { nullable: true, description: "Only partnerships of this kind." })
  kind?: PartnershipKind;

  @Field(_type => [PartnershipKind], { nullable: true, description: "Only partnerships of one of these kinds." })
  kinds?: PartnershipKind[];

  @Field(_type => PartnershipStatus, { nullable: true, description: "Only partnerships with this status." })
  status?: PartnershipStatus;

  @Field(_type => PartialDateRange, { nullable: true, description: "Only partnerships whose period (start to end, or the start alone) overlaps this range." })
  period?: PartialDateRange;

  @Field(_type => String, { nullable: true, description: "Only partnerships whose title or places match this text, in any alphabet." })
  search?: string;
}

export enum PartnershipOrderField {
  ID = "ID",
  TITLE = "TITLE",
  START_DATE = "START_DATE",
  KIND = "KIND",
}

registerOrderFields(PartnershipOrderField, "Partnership", {
  ID: "The partnership's id.",
  TITLE: "The title, case-insensitive.",
  START_DATE: "When it started or took place (partial dates sort as text); undated last.",
  KIND: "The kind of cooperation.",
});

export const PartnershipOrder = OrderInput(PartnershipOrderField, "Partnership", PartnershipOrderField.ID);
