import { Entity, Enum, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { NamedRecord, type NamedRow, namedSearchNames } from "../../../lib/records/provenance";
import { CountryCode } from "../../../lib/records/country";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";
import { Location, locationIndex } from "../../../lib/records/location";
import { ListedFact } from "../../../lib/records/facts";

export enum OrganisationKind {
  COMPANY = "COMPANY",
  UNIVERSITY = "UNIVERSITY",
  RESEARCH_INSTITUTE = "RESEARCH_INSTITUTE",
  HOSPITAL_OR_CLINIC = "HOSPITAL_OR_CLINIC",
  PUBLIC_AUTHORITY = "PUBLIC_AUTHORITY",
  NGO = "NGO",
  ASSOCIATION = "ASSOCIATION",
  BUSINESS_SUPPORT_BODY = "BUSINESS_SUPPORT_BODY",
  SCIENCE_AND_TECHNOLOGY_PARK = "SCIENCE_AND_TECHNOLOGY_PARK",
  DEVELOPMENT_AGENCY = "DEVELOPMENT_AGENCY",
  INTERNATIONAL_ORGANISATION = "INTERNATIONAL_ORGANISATION",
  FREE_ECONOMIC_ZONE = "FREE_ECONOMIC_ZONE",
}

registerEnumType(OrganisationKind, {
  name: "OrganisationKind",
  description: "What kind of body an organisation is.",
  valuesConfig: {
    COMPANY: { description: "A business: a company, firm or enterprise." },
    UNIVERSITY: { description: "A university or other higher-education institution." },
    RESEARCH_INSTITUTE: { description: "A research institute or unit outside the universities." },
    HOSPITAL_OR_CLINIC: { description: "A hospital, clinic or other provider of medical care." },
    PUBLIC_AUTHORITY: { description: "A ministry, city hall, regional government or other public authority." },
    NGO: { description: "A non-governmental organisation or foundation." },
    ASSOCIATION: { description: "An association or club of businesses or people." },
    BUSINESS_SUPPORT_BODY: { description: "A body that supports businesses: an agency, chamber or innovation centre." },
    SCIENCE_AND_TECHNOLOGY_PARK: { description: "A science and technology park." },
    DEVELOPMENT_AGENCY: { description: "A national development-cooperation agency, such as GIZ or USAID." },
    INTERNATIONAL_ORGANISATION: { description: "An international organisation or union of states, such as UNDP or the European Union." },
    FREE_ECONOMIC_ZONE: { description: "A free (special) economic zone and its administration." },
  },
});

@ObjectType({ description: "An identifier an organisation has in some register (KRS, REGON, ЄДРПОУ, ...)." })
export class OrganisationIdentifier extends ListedFact {
  @Field({ description: "The register or scheme: KRS, NIP, REGON, EDRPOU, UNP, ..." })
  scheme!: string;

  @Field({ description: "The identifier in that scheme." })
  value!: string;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "An organisation: a company, university, public body, NGO or international organisation that takes part in clusters, partnerships or funding." })
@Entity({ tableName: "organisation" })
@Index(searchIndex("organisation"))
@Index(searchRankIndex("organisation"))
@Index(locationIndex("organisation"))
export class Organisation extends NamedRecord {
  /** The names a record goes by, for its search document (sample data and every write): every name in every language, aliases, city and region. */
  static searchNamesOf = (o: NamedRow) => namedSearchNames(o);

  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "Main name, in the organisation's own language: as its sources write it or, where they never name it, a descriptive label made by the hub. `names` says which (kind AS_WRITTEN or DESCRIPTIVE_LABEL); a label is never an official name." })
  @Property({ type: "text" })
  @Index()
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English: as a source writes it or, where none does, a translation or label made by the hub. `names` says which (the entry in language `en`); a hub-made one is not a name in use." })
  @Property({ type: "text", nullable: true })
  nameEn?: string | null;

  @Field(_type => [String], { description: "Other names and abbreviations the organisation goes by in its sources." })
  @Property({ type: "text[]", default: "{}" })
  aliases: string[] = [];

  @Field(_type => OrganisationKind, { description: "What kind of body the organisation is." })
  @Enum({ items: () => OrganisationKind })
  @Index()
  kind!: OrganisationKind;

  @Field(_type => CountryCode, { nullable: true, description: "Country where the organisation is based (ISO 3166-1 alpha-2); empty for international bodies." })
  @Property({ type: "text", nullable: true })
  @Index()
  country?: CountryCode | null;

  @Field(_type => String, { nullable: true, description: "City where the organisation is based, in the local language, where a source says." })
  @Property({ type: "text", nullable: true })
  city?: string | null;

  @Field(_type => String, { nullable: true, description: "Region (oblast, voivodeship, voblast) where the organisation is based, where a source says." })
  @Property({ type: "text", nullable: true })
  region?: string | null;

  /** Its `location` is made from its city and country (lib/records/location.ts), on every write and sample load. */
  static located = true as const;

  @Field(_type => Location, {
    nullable: true,
    description: "Where the organisation is, from its city and country and a gazetteer, with the source of its coordinates; empty when it has no country (an international body).",
  })
  @Property({ type: "jsonb", nullable: true })
  location?: Location | null;

  @Field(_type => String, { nullable: true, description: "Web site, where a source gives one." })
  @Property({ type: "text", nullable: true })
  website?: string | null;

  @Field(_type => String, { nullable: true, description: "What the sources say the organisation is or does." })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  // A list of facts: a field of OrganisationResolver's FactListResolver, standing identifiers unless asked.
  @Property({ type: "jsonb", default: "[]" })
  identifiers: OrganisationIdentifier[] = [];
}
