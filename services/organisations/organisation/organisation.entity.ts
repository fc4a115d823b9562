import { Entity, Enum, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { NamedRecord, type NamedRow, namedSearchNames } from "../../../lib/records/provenance";
import { CountryCode } from "../../../lib/records/country";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";
import { Location, locationIndex } from "../../../lib/records/location";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { ListedFact } from "../../../lib/records/facts";

// Re-exported: the organisations subgraph owns the kind; lib/records holds it so that funding can judge by it.
export { OrganisationKind };

/** The registers whose identifiers an organisation can carry; each value's format is checked (organisation.inputs.ts). */
export enum IdentifierScheme {
  KRS = "KRS",
  REGON = "REGON",
  NIP = "NIP",
  EDRPOU = "EDRPOU",
  ROR = "ROR",
  WIKIDATA = "WIKIDATA",
  EU_PIC = "EU_PIC",
}

registerEnumType(IdentifierScheme, {
  name: "IdentifierScheme",
  description: "A register or scheme an organisation's identifier belongs to.",
  valuesConfig: {
    KRS: { description: "Poland's National Court Register (Krajowy Rejestr Sądowy): 10 digits, such as 0000012345." },
    REGON: { description: "Poland's statistical business number (REGON): 9 or 14 digits with a check digit." },
    NIP: { description: "Poland's tax identification number (NIP): 10 digits with a check digit; hyphens and a PL prefix are dropped." },
    EDRPOU: { description: "Ukraine's register of enterprises and organisations (ЄДРПОУ): 8 digits with a check digit." },
    ROR: { description: "Research Organization Registry: a 9-character id such as 03vek6s52 (a https://ror.org/ URL is cut to it)." },
    WIKIDATA: { description: "A Wikidata item: Q and digits, such as Q42 (a Wikidata URL is cut to it)." },
    EU_PIC: { description: "The European Commission's Participant Identification Code for EU programmes: 9 digits." },
  },
});

@ObjectType({ description: "An identifier an organisation has in a public register (KRS, REGON, NIP, ЄДРПОУ, ROR, Wikidata, EU PIC)." })
export class OrganisationIdentifier extends ListedFact {
  @Field(_type => IdentifierScheme, { description: "The register or scheme the identifier belongs to." })
  scheme!: IdentifierScheme;

  @Field({ description: "The identifier in that scheme, in its compact form (digits only for the Polish and Ukrainian numbers)." })
  value!: string;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "An organisation: a company, university, public body, NGO or international organisation that takes part in clusters, partnerships or funding." })
@Entity({ tableName: "organisation" })
@Index(searchIndex("organisation"))
@Index(searchRankIndex("organisation"))
@Index(locationIndex("organisation"))
// `organisationByIdentifier` asks `identifiers @> [{scheme, value}]`: a GIN index of containment answers it.
@Index({ name: "organisation_identifiers_index", expression: `create index "organisation_identifiers_index" on "organisation" using gin ("identifiers" jsonb_path_ops)` })
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
