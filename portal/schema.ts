/** What the portal knows of the graph's schema: read from schema/api.graphql when the page is bundled (gateway/portal.ts). */

/** A field's or argument's type, unwrapped: its named type, whether it is a list and what may be null. */
export interface TypeRef {
  kind: "SCALAR" | "ENUM" | "INPUT_OBJECT" | "OBJECT" | "OTHER";
  name: string;
  list: boolean;
  required: boolean;
}

export interface FieldInfo {
  name: string;
  description: string;
  type: TypeRef;
}

/** The parts of the schema the portal builds its forms and record pages from. */
export interface PortalSchema {
  /** Record types partners change, with their `update<Type>` mutation (arguments `id`, `expectedVersion`, `input`). */
  records: {
    type: string;
    update: string;
    input: string;
    /** The root query of one record by id (`cluster(id)`). */
    one: string;
    /** The root list of the type (`clusters(first)`), and whether it takes `mine` (only the caller's records). */
    list: string | null;
    listMine: boolean;
    /** The type's fields that take no required argument. */
    fields: FieldInfo[];
    /** The lists of facts the record holds (labels, founding dates, memberships) with the mutations that change them. */
    facts: FactList[];
  }[];
  /** Every input type those mutations take, field by field. */
  inputs: Record<string, FieldInfo[]>;
  /** Every enum those inputs use, value by value. */
  enums: Record<string, { name: string; description: string }[]>;
  /** The administrators' `grant<Type>` mutations, by record type. */
  grants: { type: string; mutation: string }[];
}

/** A mutation the portal calls with arguments it fills in itself (ids, versions) or asks for (input, reason). */
export interface Action {
  mutation: string;
  args: FieldInfo[];
  /** Whether it answers the record (then `expectedVersion` is the record's) or the fact (the fact's own). */
  returnsRecord: boolean;
}

/** A list field of facts of a record, e.g. `Cluster.labels` of `ClusterLabel`. */
export interface FactList {
  field: string;
  type: string;
  /** The fact type's value fields (scalars and enums). */
  values: string[];
  /** Its fields that name another record (`organisation`, `programme`): shown by their `name`. */
  links: string[];
  hasSource: boolean;
  /** Whether the list takes `includeRetracted` and its facts say `retracted`. */
  retractable: boolean;
  add: Action | null;
  retract: Action | null;
  restore: Action | null;
}
