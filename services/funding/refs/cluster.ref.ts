import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { Source } from "../../../lib/records/sources";

@Directive(`@key(fields: "id")`)
// No description: the owning subgraph describes the type, and composition keeps its words.
@ObjectType("Cluster")
export class ClusterRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;

  // The facts `fundingMatches` judges by, owned by the clusters subgraph: the gateway fetches them there first (@requires).
  @Directive("@external")
  @Field(_type => CountryCode, { description: "Country where the cluster works (ISO 3166-1 alpha-2)." })
  country?: CountryCode | null;

  @Directive("@external")
  @Field(_type => [String], { description: "Sectors and sub-sectors the cluster covers, in the language of its sources." })
  sectors?: string[] | null;

  @Directive("@external")
  @Field(_type => [Source], { description: "The articles and documents this cluster's record rests on." })
  sources?: Source[] | null;
}
