import { IsArray, IsOptional, IsUrl, Length, Matches, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { updateInputOf } from "../../../lib/records/inputs";
import { NameInput, NamesInputField } from "../../../lib/records/provenance";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { OrderInput, registerOrderFields } from "../../../lib/subgraph/listing";
import { BoundingBox } from "../../../lib/records/location";
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

  @Field(_type => BoundingBox, { nullable: true, description: "Only organisations whose location's point is in this box; those without a location are left out." })
  within?: BoundingBox;
}

@InputType({ description: "A new organisation. The caller's partner becomes its owner." })
export class CreateOrganisationInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new organisation: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens, such as lubelska-medycyna" })
  id?: string | null;

  @Field(_type => String, { description: "Name in the organisation's own language." })
  @Length(1, 300)
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English, where one is in use." })
  @IsOptional()
  @Length(1, 300)
  nameEn?: string | null;

  @Field(_type => [String], { nullable: true, description: "Other names and abbreviations (replaces the list)." })
  @IsOptional()
  @IsArray()
  @Length(1, 300, { each: true })
  aliases?: string[] | null;

  @NamesInputField("organisation")
  names?: NameInput[] | null;

  @Field(_type => OrganisationKind, { description: "What kind of body the organisation is." })
  kind!: OrganisationKind;

  @Field(_type => CountryCode, { nullable: true, description: "Country where the organisation is based; empty for international bodies." })
  country?: CountryCode | null;

  @Field(_type => String, { nullable: true, description: "City where the organisation is based, in the local language." })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(_type => String, { nullable: true, description: "Region (oblast, voivodeship, voblast) where the organisation is based." })
  @IsOptional()
  @Length(1, 200)
  region?: string | null;

  @Field(_type => String, { nullable: true, description: "Web site of the organisation." })
  @IsOptional()
  @IsUrl({ protocols: ["http", "https"], require_protocol: true })
  website?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says the organisation is or does." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

@InputType({ description: "An identifier of an organisation in a public register, as one source or the register itself gives it." })
export class AddOrganisationIdentifierInput {
  @Field({ description: "The register or scheme: KRS, NIP, REGON, EDRPOU, UNP, ..." })
  @Matches(/^[A-Za-z][A-Za-z0-9 _-]{0,39}$/, { message: "scheme must be a register's short name of 1 to 40 letters, digits, spaces, _ or -, such as KRS or EDRPOU" })
  scheme!: string;

  @Field({ description: "The identifier in that scheme, as the register writes it." })
  @Length(1, 100)
  value!: string;

  @Field(_type => SourceInput, { description: "The article, document or register entry that gives the identifier." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateOrganisationIdentifierInput = updateInputOf(AddOrganisationIdentifierInput, {
  name: "UpdateOrganisationIdentifierInput",
  description: "Changes to an identifier: only the fields given change.",
});

export const UpdateOrganisationInput = updateInputOf(CreateOrganisationInput, {
  name: "UpdateOrganisationInput",
  description: "Changes to an organisation: only the fields given change; null clears an optional field.",
  omit: ["id"],
});
export type UpdateOrganisationInput = InstanceType<typeof UpdateOrganisationInput>;
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
