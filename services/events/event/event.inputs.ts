import { IsArray, IsOptional, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { EventKind, EventStatus } from "./event.entity";

@InputType({ description: "Which events to list; every field narrows the list." })
export class EventFilter {
  @Field(_type => EventKind, { nullable: true, description: "Only events of this kind." })
  kind?: EventKind;

  @Field(_type => CountryCode, { nullable: true, description: "Only events that took place in this country." })
  country?: CountryCode;
}

@InputType({ description: "A new event. The caller's partner becomes its owner." })
export class CreateEventInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new event: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens" })
  id?: string | null;

  @Field({ description: "Title, in the language of the source." })
  @Length(1, 500)
  title!: string;

  @Field(_type => EventKind, { description: "What kind of gathering it is." })
  kind!: EventKind;

  @Field(_type => EventStatus, { description: "Whether it took place or is planned." })
  status!: EventStatus;

  @Field(_type => PartialDate, { nullable: true, description: "When, as precise as the source." })
  date?: string | null;

  @Field(_type => String, { nullable: true, description: "The source's own words for when." })
  @IsOptional()
  @Length(1, 300)
  dateAsWritten?: string | null;

  @Field(_type => [String], { nullable: true, description: "Places, in the language of the source." })
  @IsOptional()
  @IsArray()
  @Length(1, 300, { each: true })
  places?: string[] | null;

  @Field(_type => [CountryCode], { nullable: true, description: "Countries where it took place." })
  countries?: CountryCode[] | null;

  @Field(_type => [ID], { nullable: true, description: "Organisations that organised it." })
  organiserIds?: string[] | null;

  @Field(_type => [ID], { nullable: true, description: "Organisations that took part." })
  participantIds?: string[] | null;

  @Field(_type => [ID], { nullable: true, description: "Clusters it concerns." })
  clusterIds?: string[] | null;

  @Field(_type => String, { nullable: true, description: "Who took part, in the source's words." })
  @IsOptional()
  @Length(1, 1000)
  participantsAsWritten?: string | null;

  @Field(_type => Int, { nullable: true, description: "How many took part, where the source gives a number." })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  participantCount?: number | null;

  @Field(_type => String, { nullable: true, description: "What the source says happened." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateEventInput = updateInputOf(CreateEventInput, {
  name: "UpdateEventInput",
  description: "Changes to an event: only the fields given change; null clears an optional field.",
  omit: ["id", "kind", "places", "countries", "organiserIds", "participantIds", "clusterIds"],
});
export type UpdateEventInput = InstanceType<typeof UpdateEventInput>;
