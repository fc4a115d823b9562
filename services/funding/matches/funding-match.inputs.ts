import { ArrayMaxSize, IsOptional, Length, Matches } from "class-validator";
import { ArgsType, Field } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { PartialDate } from "../../../lib/subgraph/partial-date";

/** The most sectors a prospective applicant may name: clusters in the graph list at most a handful. */
export const MAX_SECTORS = 20;
/** The longest sector name: sectors are a few words. */
export const MAX_SECTOR_LENGTH = 200;

@ArgsType()
export class FundingMatchesArgs {
  @Field(_type => PartialDate, { nullable: true, description: "The day to judge deadlines and programme dates against, as YYYY-MM-DD; today (UTC) when absent." })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: "asOf must be a day, YYYY-MM-DD" })
  asOf?: string | null;
}

@ArgsType()
export class FundingMatchesForArgs extends FundingMatchesArgs {
  @Field(_type => CountryCode, { description: "The country where the organisation is based (ISO 3166-1 alpha-2)." })
  country!: CountryCode;

  @Field(_type => OrganisationKind, { description: "What kind of body the organisation is." })
  kind!: OrganisationKind;

  @Field(_type => [String], { defaultValue: [], description: `Sectors the organisation works in, as the funding records write them (any alphabet and case); at most ${MAX_SECTORS}, each 1 to ${MAX_SECTOR_LENGTH} characters.` })
  @ArrayMaxSize(MAX_SECTORS, { message: `sectors may name at most ${MAX_SECTORS} sectors` })
  @Length(1, MAX_SECTOR_LENGTH, { each: true, message: `each sector must be 1 to ${MAX_SECTOR_LENGTH} characters long` })
  @Matches(/\S/, { each: true, message: "a sector must not be blank" })
  sectors!: string[];
}
