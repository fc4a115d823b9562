import { Entity, Enum, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SearchableRecord } from "../../../lib/records/records";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";

export enum PartnershipKind {
  COOPERATION_AGREEMENT = "COOPERATION_AGREEMENT",
  STUDY_VISIT = "STUDY_VISIT",
  TRAINING_SERIES = "TRAINING_SERIES",
  JOINT_COMPANY = "JOINT_COMPANY",
  JOINT_PROJECT = "JOINT_PROJECT",
  PROJECT = "PROJECT",
  SUPPORT = "SUPPORT",
}

registerEnumType(PartnershipKind, {
  name: "PartnershipKind",
  description: "What kind of cooperation a partnership is.",
  valuesConfig: {
    COOPERATION_AGREEMENT: { description: "A signed agreement to cooperate." },
    STUDY_VISIT: { description: "A visit of one side's delegation to learn from the other." },
    TRAINING_SERIES: { description: "Seminars, trainings, workshops or talks given by one side to the other." },
    JOINT_COMPANY: { description: "A company or body the parties set up together." },
    JOINT_PROJECT: { description: "A project the parties carry out together." },
    PROJECT: { description: "A project one party runs for or in another country; the source names no joint party." },
    SUPPORT: { description: "Outside bodies that a source names as supporters or partners of a cluster or its founders, with no agreement, project or funding it states." },
  },
});

export enum PartnershipStatus {
  COMPLETED = "COMPLETED",
  ONGOING = "ONGOING",
  PLANNED = "PLANNED",
}

registerEnumType(PartnershipStatus, {
  name: "PartnershipStatus",
  description: "Where a partnership stood when its source was written.",
  valuesConfig: {
    COMPLETED: { description: "It took place." },
    ONGOING: { description: "It was in force or under way." },
    PLANNED: { description: "It was planned but had not yet taken place." },
  },
});

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "An international or inter-regional partnership: an agreement, visit, training series or joint body that links clusters and organisations." })
@Entity({ tableName: "partnership" })
@Index(searchIndex("partnership"))
@Index(searchRankIndex("partnership"))
export class Partnership extends SearchableRecord {
  /** The names a record goes by, for its search document (sample data and every write): title and places. */
  static searchNamesOf = (p: Pick<Partnership, "title" | "places">) => [p.title, ...p.places];

  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "A short title of the partnership, in the language of its source." })
  @Property({ type: "text" })
  title!: string;

  @Field(_type => PartnershipKind, { description: "What kind of cooperation it is." })
  @Enum({ items: () => PartnershipKind })
  @Index()
  kind!: PartnershipKind;

  @Field(_type => PartnershipStatus, { nullable: true, description: "Whether it took place, was under way or was planned when the source was written." })
  @Enum({ items: () => PartnershipStatus, nullable: true })
  @Index()
  status?: PartnershipStatus | null;

  @Field(_type => PartialDate, { nullable: true, description: "When it started or took place, as precise as the source; empty when the source gives no year." })
  @Property({ type: "text", nullable: true })
  @Index()
  startDate?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "When it ended, where a source says." })
  @Property({ type: "text", nullable: true })
  endDate?: string | null;

  @Field(_type => String, { nullable: true, description: "The source's own words for when it happened." })
  @Property({ type: "text", nullable: true })
  dateAsWritten?: string | null;

  @Field(_type => [CountryCode], { description: "The countries the partnership links." })
  @Property({ type: "text[]" })
  @Index({ type: "gin" })
  countries!: CountryCode[];

  @Field(_type => [String], { description: "Places where it happened, in the language of the source." })
  @Property({ type: "text[]", default: "{}" })
  places: string[] = [];

  @Field(_type => String, { nullable: true, description: "What the sources say about it." })
  @Property({ type: "text", nullable: true })
  description?: string | null;
}
