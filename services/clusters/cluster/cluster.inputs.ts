import { IsOptional, IsUrl, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { updateInputOf } from "../../../lib/records/inputs";
import { NameInput, NamesInputField } from "../../../lib/records/provenance";
import { RECORD_ID, SourceInput } from "../../../lib/records/writes";
import { ClusterMilestoneKind, MemberCountQualifier } from "./cluster.entity";
import { IntRange, OrderInput, registerOrderFields } from "../../../lib/subgraph/listing";
import { BoundingBox } from "../../../lib/records/location";

@InputType({ description: "Which clusters to list; every field narrows the list." })
export class ClusterFilter {
  @Field(_type => CountryCode, { nullable: true, description: "Only clusters of this country." })
  country?: CountryCode;

  @Field(_type => [CountryCode], { nullable: true, description: "Only clusters of one of these countries." })
  countries?: CountryCode[];

  @Field(_type => String, { nullable: true, description: "Only clusters that list this sector, as written in their sources (case-insensitive)." })
  sector?: string;

  @Field(_type => IntRange, { nullable: true, description: "Only clusters whose founding year (`foundedYear`) is in this range." })
  foundedYear?: IntRange;

  @Field(_type => IntRange, { nullable: true, description: "Only clusters whose latest dated member count (`latestMemberCount`) is in this range." })
  latestMemberCount?: IntRange;

  @Field(_type => String, {
    nullable: true,
    description: "Only clusters whose name, alias, city or region matches this text, in any alphabet: `Lviv`, `Львів` and `Lwów` find the same cluster.",
  })
  search?: string;

  @Field(_type => BoundingBox, { nullable: true, description: "Only clusters whose location's point is in this box; those without a location are left out." })
  within?: BoundingBox;
}

@InputType({ description: "A new cluster. The caller's partner becomes its owner." })
export class CreateClusterInput {
  @Field(_type => ID, { nullable: true, description: "Id of the new cluster: lower-case words joined by hyphens; a random one when empty." })
  @IsOptional()
  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens, such as lubelska-medycyna" })
  id?: string | null;

  @Field({ description: "Name in the cluster's own language." })
  @Length(1, 300)
  name!: string;

  @Field(_type => String, { nullable: true, description: "Name in English, where one is in use." })
  @IsOptional()
  @Length(1, 300)
  nameEn?: string | null;

  @Field(_type => [String], { nullable: true, description: "Other names the cluster goes by." })
  @IsOptional()
  @Length(1, 300, { each: true })
  aliases?: string[] | null;

  @NamesInputField("cluster")
  names?: NameInput[] | null;

  @Field(_type => CountryCode, { description: "Country where the cluster works." })
  country!: CountryCode;

  @Field(_type => String, { nullable: true, description: "Region (oblast, voivodeship) where the cluster works." })
  @IsOptional()
  @Length(1, 200)
  region?: string | null;

  @Field(_type => String, { nullable: true, description: "City where the cluster is based." })
  @IsOptional()
  @Length(1, 200)
  city?: string | null;

  @Field(_type => [String], { nullable: true, description: "Sectors the cluster covers, in the language of the source." })
  @IsOptional()
  @Length(1, 200, { each: true })
  sectors?: string[] | null;

  @Field(_type => String, { nullable: true, description: "Web site of the cluster." })
  @IsOptional()
  @IsUrl({ protocols: ["http", "https"], require_protocol: true })
  website?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says the cluster is for." })
  @IsOptional()
  @Length(1, 5000)
  description?: string | null;

  @Field(_type => Int, { nullable: true, description: "The year the cluster was founded." })
  @IsOptional()
  @Min(1800)
  @Max(2100)
  foundedYear?: number | null;

  @Field(_type => SourceInput, { description: "The article or document this record rests on." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateClusterInput = updateInputOf(CreateClusterInput, {
  name: "UpdateClusterInput",
  description: "Changes to a cluster: only the fields given change; null clears an optional field.",
  omit: ["id"],
});
export type UpdateClusterInput = InstanceType<typeof UpdateClusterInput>;

@InputType({ description: "A new observation of a cluster's member count. Observations are added, never overwritten." })
export class AddMemberCountInput {
  @Field(_type => Int, { description: "The number of members." })
  @Min(0)
  @Max(1_000_000)
  count!: number;

  @Field(_type => MemberCountQualifier, { description: "Whether the source gives the count exactly, as a lower bound or as an approximation." })
  qualifier!: MemberCountQualifier;

  @Field(_type => PartialDate, { nullable: true, description: "When the count held, as precise as the source." })
  asOf?: string | null;

  @Field({ description: "The source's own words for the count and its date." })
  @Length(1, 500)
  asWritten!: string;

  @Field(_type => String, { nullable: true, description: "Which members are counted, where the source says." })
  @IsOptional()
  @Length(1, 200)
  memberKind?: string | null;

  @Field(_type => SourceInput, { description: "The article or document that gives the count." })
  @ValidateNested()
  source!: SourceInput;
}
@InputType({ description: "A founding or launch date of a cluster, as one source gives it." })
export class AddClusterFoundingDateInput {
  @Field(_type => ClusterMilestoneKind, { description: "Which start the date marks." })
  kind!: ClusterMilestoneKind;

  @Field(_type => PartialDate, { nullable: true, description: "The date, as precise as the source: a year stays a year. Empty when the source gives no year." })
  date?: string | null;

  @Field({ description: "The source's own words for the date, in its language." })
  @Length(1, 500)
  asWritten!: string;

  @Field(_type => SourceInput, { description: "The article or document that gives the date." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateClusterFoundingDateInput = updateInputOf(AddClusterFoundingDateInput, {
  name: "UpdateClusterFoundingDateInput",
  description: "Changes to a founding date: only the fields given change; null clears an optional field.",
});

@InputType({ description: "A label or status a cluster holds, as one source gives it." })
export class AddClusterLabelInput {
  @Field({ description: "The label, in the language of its source." })
  @Length(1, 300)
  name!: string;

  @Field(_type => String, { nullable: true, description: "The label in English: as the source writes it, or your translation." })
  @IsOptional()
  @Length(1, 300)
  nameEn?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says about the label: its meaning, renewal or ranking." })
  @IsOptional()
  @Length(1, 2000)
  note?: string | null;

  @Field(_type => SourceInput, { description: "The article or document that names the label." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateClusterLabelInput = updateInputOf(AddClusterLabelInput, {
  name: "UpdateClusterLabelInput",
  description: "Changes to a label: only the fields given change; null clears an optional field.",
});

@InputType({ description: "A working group, service or line of activity of a cluster, as one source gives it." })
export class AddClusterActivityInput {
  @Field({ description: "The activity, in the language of its source." })
  @Length(1, 300)
  name!: string;

  @Field({ description: "Whether this is a working group of members (true) or a service or activity of the cluster (false)." })
  workingGroup!: boolean;

  @Field(_type => SourceInput, { description: "The article or document that names the activity." })
  @ValidateNested()
  source!: SourceInput;
}

export const UpdateClusterActivityInput = updateInputOf(AddClusterActivityInput, {
  name: "UpdateClusterActivityInput",
  description: "Changes to an activity: only the fields given change.",
});

export enum ClusterOrderField {
  ID = "ID",
  NAME = "NAME",
  COUNTRY = "COUNTRY",
  FOUNDED_YEAR = "FOUNDED_YEAR",
  LATEST_MEMBER_COUNT = "LATEST_MEMBER_COUNT",
}

registerOrderFields(ClusterOrderField, "Cluster", {
  ID: "The cluster's id.",
  NAME: "The name, case-insensitive.",
  COUNTRY: "The country code.",
  FOUNDED_YEAR: "The earliest founding year.",
  LATEST_MEMBER_COUNT: "The latest dated member count.",
});

export const ClusterOrder = OrderInput(ClusterOrderField, "Cluster", ClusterOrderField.ID);
