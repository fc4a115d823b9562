import { Directive, Field, ID, ObjectType } from "type-graphql";

@Directive(`@key(fields: "id")`)
@ObjectType("Partnership", { description: "A partnership, owned by the partnerships subgraph; this subgraph adds its funding." })
export class PartnershipRef {
  @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
  id!: string;
}
