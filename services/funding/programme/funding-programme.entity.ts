import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { VERSION_DESCRIPTION } from "../../../lib/writes";
import { CountryCode } from "../../../lib/country";
import { PartialDate } from "../../../lib/partial-date";
import { searchIndex } from "../../../lib/search";

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
export class FundingProgramme {
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

  @Field(_type => [CountryCode], { description: "Countries whose organisations the programme is open to, where a source says." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  eligibleCountries: CountryCode[] = [];

  @Field(_type => [String], { description: "Sectors the programme is for, where a source says." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  sectors: string[] = [];

  @Field(_type => Money, { nullable: true, description: "Budget of the programme, where a source gives it." })
  @Property({ type: "jsonb", nullable: true })
  budget?: Money | null;

  @Field(_type => String, { nullable: true, description: "The partner that created the record and may change it; empty for the sample data, which only an administrator or a grant may change." })
  @Property({ type: "text", nullable: true })
  ownerId?: string | null;

  @Field(_type => Int, { description: VERSION_DESCRIPTION })
  @Property({ type: "int", default: 1 })
  version: number = 1;

  @Property({ type: "text[]" })
  sourceIds!: string[];

  // The search document (lib/search.ts): names as written, and their normalised forms joined, trigram-indexed.
  @Property({ type: "text[]", default: "{}", lazy: true })
  searchNames: string[] = [];

  @Property({ type: "text", default: "", lazy: true })
  searchText = "";
}
