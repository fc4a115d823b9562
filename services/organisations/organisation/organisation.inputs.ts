import { IsArray, IsOptional, IsUrl, Length, Matches, Validate, ValidateNested, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from "class-validator";
import { stdnum } from "stdnum";
import { Field, ID, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { updateInputOf } from "../../../lib/records/inputs";
import { NameInput, NamesInputField } from "../../../lib/records/provenance";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { OrderInput, registerOrderFields } from "../../../lib/subgraph/listing";
import { BoundingBox } from "../../../lib/records/location";
import { BadUserInputError } from "../../../lib/platform/errors";
import { IdentifierScheme, OrganisationKind } from "./organisation.entity";

// ROR ids are Crockford base32 (no i, l, o, u) with a two-digit ISO 7064 mod 97-10 checksum (ror.readme.io "ROR identifier").
const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const rorChecksumHolds = (id: string): boolean => {
  let number = 0n;
  for (const char of id.slice(0, 7)) number = number * 32n + BigInt(CROCKFORD.indexOf(char));
  return 98n - ((number * 100n) % 97n) === BigInt(id.slice(7));
};

/** Each scheme's compact form of a value, or null when the value is not one; the Polish and Ukrainian checksums by `stdnum`. */
const COMPACT: Record<IdentifierScheme, (value: string) => string | null> = {
  KRS: value => (/^\d{10}$/.test(value.replace(/\s/g, "")) ? value.replace(/\s/g, "") : null),
  REGON: value => { const checked = stdnum.PL.regon.validate(value); return checked.isValid ? checked.compact : null; },
  NIP: value => { const checked = stdnum.PL.nip.validate(value); return checked.isValid ? checked.compact : null; },
  EDRPOU: value => { const checked = stdnum.UA.edrpou.validate(value); return checked.isValid ? checked.compact : null; },
  ROR: value => {
    const id = value.trim().toLowerCase().replace(/^https?:\/\/ror\.org\//, "");
    return /^0[0-9a-hjkmnp-tv-z]{6}\d{2}$/.test(id) && rorChecksumHolds(id) ? id : null;
  },
  WIKIDATA: value => {
    const id = value.trim().replace(/^https?:\/\/(www\.)?wikidata\.org\/(wiki|entity)\//, "").toUpperCase();
    return /^Q[1-9]\d{0,11}$/.test(id) ? id : null;
  },
  EU_PIC: value => (/^\d{9}$/.test(value.trim()) ? value.trim() : null),
};

/** What each scheme's values look like, for the message that refuses one. */
const FORMAT: Record<IdentifierScheme, string> = {
  KRS: "10 digits, such as 0000012345",
  REGON: "9 or 14 digits whose check digit holds",
  NIP: "10 digits whose check digit holds, such as 123-456-32-18",
  EDRPOU: "8 digits whose check digit holds",
  ROR: "a ROR id such as 03vek6s52 or https://ror.org/03vek6s52, whose checksum holds",
  WIKIDATA: "a Wikidata item such as Q42",
  EU_PIC: "9 digits",
};

// Longer than any identifier written with spaces or a URL; the checks above never see a megabyte.
const MAX_IDENTIFIER_LENGTH = 100;

/** The compact form of an identifier (what the graph keeps and looks up), or null when `value` is not one of `scheme`. */
export function compactIdentifier(scheme: IdentifierScheme, value: string): string | null {
  if (value.length > MAX_IDENTIFIER_LENGTH || !(scheme in COMPACT)) return null;
  return COMPACT[scheme](value);
}

/** The compact form of an identifier, or BAD_USER_INPUT naming `argument` and the format the scheme wants. */
export function checkedIdentifier(scheme: IdentifierScheme, value: string, argument: string): string {
  const compact = compactIdentifier(scheme, value);
  if (compact === null) throw new BadUserInputError(argument, `is not a ${scheme} identifier: expected ${FORMAT[scheme]}`);
  return compact;
}

@ValidatorConstraint({ name: "identifierFormat" })
class IdentifierFormat implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const { scheme } = args.object as Partial<AddOrganisationIdentifierInput>;
    // An update that names no scheme is checked against the identifier's own scheme when it is stored (checkedIdentifiers).
    if (scheme == null) return typeof value === "string";
    return typeof value === "string" && compactIdentifier(scheme, value) !== null;
  }

  defaultMessage(args: ValidationArguments): string {
    const { scheme } = args.object as Partial<AddOrganisationIdentifierInput>;
    return `value is not a ${scheme} identifier: expected ${scheme ? FORMAT[scheme] : "a known scheme"}`;
  }
}

@InputType({ description: "An identifier of an organisation in a public register, as one source or the register itself gives it; its format is checked for the scheme." })
export class AddOrganisationIdentifierInput {
  @Field(_type => IdentifierScheme, { description: "The register or scheme." })
  scheme!: IdentifierScheme;

  @Field(_type => String, { description: "The identifier as written: spaces, hyphens, a PL prefix or a ror.org or Wikidata URL are cut to its compact form." })
  @Validate(IdentifierFormat)
  value!: string;

  @Field(_type => SourceInput, { description: "The article, document or register entry that gives the identifier." })
  @ValidateNested()
  source!: SourceInput;
}

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
