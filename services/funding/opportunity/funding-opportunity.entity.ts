import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SearchableRecord } from "../../../lib/records/records";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";
import { FundingProgramme } from "../programme/funding-programme.entity";

export enum FundingOpportunityStatus {
  UPCOMING = "UPCOMING",
  OPEN = "OPEN",
  CLOSED = "CLOSED",
}

registerEnumType(FundingOpportunityStatus, {
  name: "FundingOpportunityStatus",
  description: "Whether an opportunity can be applied for.",
  valuesConfig: {
    UPCOMING: { description: "Announced, not yet open." },
    OPEN: { description: "Open for applications or participation." },
    CLOSED: { description: "No longer open." },
  },
});

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A call, initiative or instrument within a funding programme that clusters and organisations can take part in." })
@Entity({ tableName: "funding_opportunity" })
@Index(searchIndex("funding_opportunity"))
@Index(searchRankIndex("funding_opportunity"))
export class FundingOpportunity extends SearchableRecord {
  /** The names a record goes by, for its search document (sample data and every write): title and English title. */
  static searchNamesOf = (o: Pick<FundingOpportunity, "title" | "titleEn">) => [o.title, o.titleEn];

  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => FundingProgramme, { mapToPk: true, fieldName: "programme_id" })
  @Index()
  programmeId!: string;

  @Field({ description: "Title in the language of its source." })
  @Property({ type: "text" })
  title!: string;

  @Field(_type => String, { nullable: true, description: "Title in English, where one is in use." })
  @Property({ type: "text", nullable: true })
  titleEn?: string | null;

  @Field(_type => String, { nullable: true, description: "What the sources say about it." })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Field(_type => FundingOpportunityStatus, { nullable: true, description: "Whether it can be applied for, where a source says." })
  @Enum({ items: () => FundingOpportunityStatus, nullable: true })
  @Index()
  status?: FundingOpportunityStatus | null;

  @Field(_type => PartialDate, { nullable: true, description: "Deadline for applications, where a source gives one." })
  @Property({ type: "text", nullable: true })
  @Index()
  deadline?: string | null;

  @Field(_type => [CountryCode], { description: "Countries whose organisations may take part, where a source says; empty when no source says (unknown, not \"none\"), and a country filter then keeps it." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  eligibleCountries: CountryCode[] = [];

  @Field(_type => [OrganisationKind], { description: "Kinds of organisation that may take part, where a source says; empty when no source says (unknown, not \"none\")." })
  @Property({ type: "text[]", default: "{}" })
  eligibleKinds: OrganisationKind[] = [];

  @Field(_type => [String], { description: "Sectors it is for, where a source says." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  sectors: string[] = [];

  @Field(_type => String, { nullable: true, description: "Where to read more or apply." })
  @Property({ type: "text", nullable: true })
  url?: string | null;
}
