import { ArrayMaxSize, IsOptional, Length } from "class-validator";
import { Field, InputType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { MAX_URL_LENGTH } from "./webhook-url";

@InputType({ description: "A webhook to make: where to deliver, and which changes." })
export class WebhookSubscriptionInput {
  @Field({ description: "The receiver: an http or https URL on a public address." })
  @Length(1, MAX_URL_LENGTH)
  url!: string;

  @Field(_type => [String], { nullable: true, description: "Record types to follow (Cluster, Organisation, ...); empty or left out for every type." })
  @IsOptional()
  @ArrayMaxSize(50)
  types?: string[] | null;

  @Field(_type => [CountryCode], { nullable: true, description: "Countries to follow: only changes of records in one of them; empty or left out for every change." })
  @IsOptional()
  @ArrayMaxSize(300)
  countries?: string[] | null;
}
