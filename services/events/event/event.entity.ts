import { Entity, Enum, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { OwnedRecord } from "../../../lib/records/records";
import { RetractedLink } from "../../../lib/records/facts";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";

export enum EventKind {
  FORUM = "FORUM",
  GENERAL_MEETING = "GENERAL_MEETING",
  MEETING = "MEETING",
  INAUGURATION = "INAUGURATION",
  SEMINAR = "SEMINAR",
  STUDY_VISIT = "STUDY_VISIT",
  DELEGATION = "DELEGATION",
}

registerEnumType(EventKind, {
  name: "EventKind",
  description: "What kind of gathering an event is.",
  valuesConfig: {
    FORUM: { description: "A forum or conference open to a sector." },
    GENERAL_MEETING: { description: "A general meeting (assembly) of members, such as a founding assembly." },
    MEETING: { description: "A meeting or presentation of a cluster's initiators with businesses and partners." },
    INAUGURATION: { description: "The public inauguration of a cluster's activity." },
    SEMINAR: { description: "A seminar, workshop or series of them." },
    STUDY_VISIT: { description: "A study visit of a group to another region or country." },
    DELEGATION: { description: "A delegation's trip abroad." },
  },
});

export enum EventStatus {
  HELD = "HELD",
  PLANNED = "PLANNED",
}

registerEnumType(EventStatus, {
  name: "EventStatus",
  description: "Whether an event had taken place when its source was written.",
  valuesConfig: {
    HELD: { description: "It took place." },
    PLANNED: { description: "It was planned." },
  },
});

@Directive(`@key(fields: "id")`)
@ObjectType({ description: "An event of the cluster world: a forum, general meeting, seminar, study visit or delegation, with when, where, who organised it and who took part." })
@Entity({ tableName: "event" })
export class Event extends OwnedRecord {
  @Field(_type => ID, { description: "Stable identifier of the event." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "Title of the event, in the language of its source." })
  @Property({ type: "text" })
  title!: string;

  @Field(_type => EventKind, { description: "What kind of gathering it is." })
  @Enum({ items: () => EventKind })
  @Index()
  kind!: EventKind;

  @Field(_type => EventStatus, { description: "Whether it had taken place when the source was written." })
  @Enum({ items: () => EventStatus })
  status!: EventStatus;

  @Field(_type => PartialDate, { nullable: true, description: "When it took place, as precise as the source; empty when the source gives no year." })
  @Property({ type: "text", nullable: true })
  date?: string | null;

  @Field(_type => String, { nullable: true, description: "The source's own words for when it took place." })
  @Property({ type: "text", nullable: true })
  dateAsWritten?: string | null;

  @Field(_type => [String], { description: "Places where it took place, in the language of the source." })
  @Property({ type: "text[]", default: "{}" })
  places: string[] = [];

  @Field(_type => [CountryCode], { description: "Countries where it took place." })
  @Property({ type: "text[]", default: "{}" })
  countries: CountryCode[] = [];

  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  organiserIds: string[] = [];

  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  participantIds: string[] = [];

  @Property({ type: "text[]", default: "{}" })
  @Index({ type: "gin" })
  clusterIds: string[] = [];

  @Field(_type => String, { nullable: true, description: "Who took part, in the source's words (\"близько 70 медичних бізнесів\", \"ponad 90 uczestników\")." })
  @Property({ type: "text", nullable: true })
  participantsAsWritten?: string | null;

  @Field(_type => Int, { nullable: true, description: "How many took part, where the source gives a number (a lower bound or an approximation: see `participantsAsWritten`)." })
  @Property({ type: "int", nullable: true })
  participantCount?: number | null;

  @Field(_type => String, { nullable: true, description: "What the source says happened." })
  @Property({ type: "text", nullable: true })
  description?: string | null;

  @Field(_type => [RetractedLink], { description: "Organisers, participants and clusters retracted from the event, each with its retraction; kept, never deleted." })
  @Property({ type: "jsonb", default: "[]" })
  retractedLinks: RetractedLink[] = [];
}
