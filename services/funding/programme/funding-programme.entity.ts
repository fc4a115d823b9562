import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import { SearchableRecord } from "../../../lib/records/records";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";

@ObjectType({ description: "An amount of money." })
export class Money {
  @Field(_type => Float, { description: "The amount." })
  amount!: number;

  @Field({ description: "The currency, as an ISO 4217 code (EUR, PLN, UAH, ...)." })
  currency!: string;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A funding programme or project that pays for cluster work and international cooperation: who funds it, who runs it, for whom and when." })
@Entity({ tableName: "funding_programme" })
@Index(searchIndex("funding_programme"))
@Index(searchRankIndex("funding_programme"))
export class FundingProgramme extends SearchableRecord {
  /** The names a record goes by, for its search document (sample data and every write): name, English name and aliases. */
  static searchNamesOf = (p: Pick<FundingProgramme, "name" | "nameEn" | "aliases">) => [p.name, p.nameEn, ...p.aliases];

  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "Name in the language of its source." })
  @Property({ type: "text" })
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English, where one is in use." })
  @Property({ type: "text", nullable: true })
  nameEn?: string | null;

  @Field(_type => [String], { description: "Other names the programme goes by in its sources." })
  @Property({ type: "text[]", default: "{}" })
  aliases: string[] = [];

  @ManyToOne(() => FundingProgramme, { mapToPk: true, nullable: true, fieldName: "parent_id" })
  @Index()
  parentId?: string | null;

  @Field(_type => String, { nullable: true, description: "What the sources say about the programme." })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When the programme starts, as precise as the source." })
  @Property({ type: "text", nullable: true })
  @Index()
  startDate?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When the programme ends, as precise as the source." })
  @Property({ type: "text", nullable: true })
  endDate?: string | null;

  @Field(_type => [CountryCode], { description: "Countries whose organisations the programme is open to, where a source says; empty when no source says (unknown, not \"none\"), and a country filter then keeps it." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  eligibleCountries: CountryCode[] = [];

  @Field(_type => [OrganisationKind], { description: "Kinds of organisation that the programme is open to, where a source says; empty when no source says (unknown, not \"none\")." })
  @Property({ type: "text[]", default: "{}" })
  eligibleKinds: OrganisationKind[] = [];

  @Field(_type => [String], { description: "Sectors the programme is for, where a source says." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  sectors: string[] = [];

  @Field(_type => Money, { nullable: true, description: "Budget of the programme, where a source gives it." })
  @Property({ type: "jsonb", nullable: true })
  budget?: Money | null;
}
