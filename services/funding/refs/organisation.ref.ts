import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { Source } from "../../../lib/records/sources";

@Directive(`@key(fields: "id")`)
// No description: the owning subgraph describes the type, and composition keeps its words.
@ObjectType("Organisation")
export class OrganisationRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;

  // The facts `fundingMatches` judges by, owned by the organisations subgraph: the gateway fetches them there first (@requires).
  @Directive("@external")
  @Field(_type => CountryCode, { nullable: true, description: "Country where the organisation is based (ISO 3166-1 alpha-2); empty for international bodies." })
  country?: CountryCode | null;

  @Directive("@external")
  @Field(_type => OrganisationKind, { description: "What kind of body the organisation is." })
  kind?: OrganisationKind | null;

  @Directive("@external")
  @Field(_type => [Source], { description: "The articles and documents this organisation's record rests on." })
  sources?: Source[] | null;
}
