import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { NamedRecord, type NamedRow, namedSearchNames } from "../../../lib/records/provenance";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { searchIndex, searchRankIndex } from "../../../lib/records/search";
import { Location, locationIndex } from "../../../lib/records/location";
import { ListedFact } from "../../../lib/records/facts";

export enum ClusterMilestoneKind {
  ESTABLISHED = "ESTABLISHED",
  INAUGURATED = "INAUGURATED",
}

registerEnumType(ClusterMilestoneKind, {
  name: "ClusterMilestoneKind",
  description: "Which start of a cluster a founding date marks.",
  valuesConfig: {
    ESTABLISHED: { description: "The cluster was founded, created or called into being." },
    INAUGURATED: { description: "The cluster's activity was inaugurated, publicly launched." },
  },
});

export enum MemberCountQualifier {
  EXACTLY = "EXACTLY",
  OVER = "OVER",
  ABOUT = "ABOUT",
}

registerEnumType(MemberCountQualifier, {
  name: "MemberCountQualifier",
  description: "How the source states a count.",
  valuesConfig: {
    EXACTLY: { description: "The source gives the count as it is (\"52 organisations\")." },
    OVER: { description: "The source says more than the count (\"over 70 partners\")." },
    ABOUT: { description: "The source says about the count (\"about 70\")." },
  },
});

@ObjectType({ description: "A founding date of a cluster as one source gives it. Where sources disagree, each date stays, with its source." })
export class ClusterFoundingDate extends ListedFact {
  @Field(_type => ClusterMilestoneKind, { description: "Which start the date marks." })
  kind!: ClusterMilestoneKind;

  @Field(_type => PartialDate, { nullable: true, description: "The date, as precise as the source: a year stays a year. Empty when the source gives no year." })
  date?: string | null;

  @Field({ description: "The source's own words for the date, in its language." })
  asWritten!: string;
}

@ObjectType({ description: "A label or status a cluster holds, such as the Polish National Key Cluster status." })
export class ClusterLabel extends ListedFact {
  @Field({ description: "The label, in the language of its source." })
  name!: string;

  @Field(_type => String, { nullable: true, description: "The label in English: a translation made by the hub unless its source writes it in English." })
  nameEn?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says about the label: its meaning, renewal or ranking." })
  note?: string | null;
}

@ObjectType({ description: "A working group, service or line of activity of a cluster." })
export class ClusterActivity extends ListedFact {
  @Field({ description: "The activity, in the language of its source: its words, or the hub's short form of a sentence that lists it." })
  name!: string;

  @Field({ description: "Whether this is a working group of members (true) or a service or activity of the cluster (false)." })
  workingGroup!: boolean;
}

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "A cluster: companies, universities and public bodies of one region and sector that work together." })
@Entity({ tableName: "cluster" })
@Index(searchIndex("cluster"))
@Index(searchRankIndex("cluster"))
@Index(locationIndex("cluster"))
export class Cluster extends NamedRecord {
  /** The names a record goes by, for its search document (sample data and every write): every name in every language, aliases, city and region. */
  static searchNamesOf = (c: NamedRow) => namedSearchNames(c);

  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "Main name, in the cluster's own language: as its sources write it or, where they never name it, a descriptive label made by the hub. `names` says which (kind AS_WRITTEN or DESCRIPTIVE_LABEL); a label is never an official name." })
  @Property({ type: "text" })
  @Index()
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English: as a source writes it or, where none does, a translation or label made by the hub. `names` says which (the entry in language `en`); a hub-made one is not a name in use." })
  @Property({ type: "text", nullable: true })
  nameEn?: string | null;

  @Field(_type => [String], { description: "Other names the cluster goes by in its sources." })
  @Property({ type: "text[]", default: "{}" })
  aliases: string[] = [];

  @Field(_type => CountryCode, { description: "Country where the cluster works (ISO 3166-1 alpha-2)." })
  @Property({ type: "text" })
  @Index()
  country!: CountryCode;

  @Field(_type => String, { nullable: true, description: "Region (oblast, voivodeship) where the cluster works, where a source says." })
  @Property({ type: "text", nullable: true })
  region?: string | null;

  @Field(_type => String, { nullable: true, description: "City where the cluster is based, where a source says." })
  @Property({ type: "text", nullable: true })
  city?: string | null;

  @Field(_type => [String], { description: "Sectors and sub-sectors the cluster covers, in the language of its sources." })
  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  sectors: string[] = [];

  /** Its `location` is made from its city and country (lib/records/location.ts), on every write and sample load. */
  static located = true as const;

  @Field(_type => Location, {
    nullable: true,
    description: "Where the cluster is, from its city and country and a gazetteer, with the source of its coordinates; empty when it has no country (an international body).",
  })
  @Property({ type: "jsonb", nullable: true })
  location?: Location | null;

  @Field(_type => String, { nullable: true, description: "Web site, where a source gives one." })
  @Property({ type: "text", nullable: true })
  website?: string | null;

  @Field(_type => String, { nullable: true, description: "What the sources say the cluster is for." })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Field(_type => Int, { nullable: true, description: "Earliest founding year any source gives, for sorting and filtering; see `founded` for every date and its source." })
  @Property({ type: "int", nullable: true })
  @Index()
  foundedYear?: number | null;

  // The lists of facts are fields of ClusterFactsResolvers (cluster.resolver.ts): standing facts unless asked.
  @Property({ type: "jsonb", default: "[]" })
  founded: ClusterFoundingDate[] = [];

  @Property({ type: "jsonb", default: "[]" })
  labels: ClusterLabel[] = [];

  @Property({ type: "jsonb", default: "[]" })
  activities: ClusterActivity[] = [];
}
