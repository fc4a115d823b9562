import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive(`@key(fields: "id")`)
@ObjectType("Organisation", { description: "A organisation, owned by the organisations subgraph; this subgraph adds its funding." })
export class OrganisationRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;
}
