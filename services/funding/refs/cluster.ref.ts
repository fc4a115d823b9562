import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive(`@key(fields: "id")`)
@ObjectType("Cluster", { description: "A cluster, owned by the clusters subgraph; this subgraph adds its funding." })
export class ClusterRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;
}
