import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive(`@key(fields: "id")`)
// No description: the owning subgraph describes the type, and composition keeps its words.
@ObjectType("Cluster")
export class ClusterRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;
}
