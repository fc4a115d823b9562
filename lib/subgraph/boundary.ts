import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
} from "graphql";

/** How a field crosses from one subgraph to another. */
export type Crossing = "contributed" | "reference";

/** A field of the composed graph that one subgraph answers about another subgraph's entity. */
export interface BoundaryField {
  /** `Type.field`, as a client writes it. */
  coordinate: string;
  /** The subgraph that resolves the field. */
  subgraph: string;
  /**
   * `contributed`: the field is added to an entity another subgraph owns (`Cluster.partnerships`);
   * `reference`: the field's type is an entity another subgraph owns, whose fields the gateway fetches there
   * (`Membership.organisation`).
   */
  crossing: Crossing;
  /** The subgraph that owns the entity on the other side: the parent type's for `contributed`, the field type's for `reference`. */
  owner: string | undefined;
  nullable: boolean;
}

type Composite = GraphQLObjectType | GraphQLInterfaceType;

const argument = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find(arg => arg.name.value === name)?.value;
  if (!value) return undefined;
  if (value.kind === Kind.ENUM || value.kind === Kind.STRING) return value.value;
  if (value.kind === Kind.BOOLEAN) return value.value;
  return undefined;
};

const directivesOf = (node: { directives?: readonly ConstDirectiveNode[] } | null | undefined, name: string) =>
  node?.directives?.filter(directive => directive.name.value === name) ?? [];

/** The top-level field names of a key's field set (`"id"`, `"query"`, `"id country { code }"`). */
function keyFieldNames(fields: string): string[] {
  const operation = parse(`{ ${fields} }`).definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION) return [];
  return operation.selectionSet.selections.flatMap(selection => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
}

/** What the supergraph's `@join__type` / `@join__field` say about one composite type. */
interface TypeJoin {
  /** Every subgraph that defines the type. */
  graphs: string[];
  /** Key field names by subgraph, for the subgraphs where the type is an entity. */
  keys: Map<string, Set<string>>;
}

function typeJoin(type: Composite, graphName: (enumValue: string) => string): TypeJoin {
  const graphs: string[] = [];
  const keys = new Map<string, Set<string>>();
  for (const directive of directivesOf(type.astNode, "join__type")) {
    const graph = graphName(String(argument(directive, "graph")));
    if (!graphs.includes(graph)) graphs.push(graph);
    const key = argument(directive, "key");
    if (typeof key === "string") {
      const names = keys.get(graph) ?? new Set<string>();
      for (const name of keyFieldNames(key)) names.add(name);
      keys.set(graph, names);
    }
  }
  return { graphs, keys };
}

/** The subgraphs that resolve a field: those its `@join__field`s name (not as external), else every subgraph of its type. */
function resolvingGraphs(field: GraphQLField<unknown, unknown>, join: TypeJoin, graphName: (enumValue: string) => string): string[] {
  const joins = directivesOf(field.astNode, "join__field");
  if (!joins.length) return join.graphs;
  return joins
    .filter(directive => argument(directive, "graph") !== undefined && argument(directive, "external") !== true && argument(directive, "usedOverridden") !== true)
    .map(directive => graphName(String(argument(directive, "graph"))));
}

/**
 * The owner of an entity: the subgraph that resolves most of its fields beyond the key. A subgraph that only adds a
 * field or two to another's entity holds a stub (the key and what it adds), so it never outnumbers the owner; a tie
 * names no owner, and then every field beyond the key counts as contributed.
 */
function ownerOf(type: Composite, join: TypeJoin, graphName: (enumValue: string) => string): string | undefined {
  const counts = new Map<string, number>();
  for (const field of Object.values(type.getFields())) {
    for (const graph of resolvingGraphs(field, join, graphName)) {
      if (!join.keys.get(graph)?.has(field.name)) counts.set(graph, (counts.get(graph) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (!ranked.length || (ranked.length > 1 && ranked[0][1] === ranked[1][1])) return undefined;
  return ranked[0][0];
}

/**
 * Every field of a composed supergraph that crosses from one subgraph to another: a field a subgraph adds to an entity
 * another subgraph owns, and a field whose type is an entity owned by a subgraph other than the one resolving it.
 * Either can be left without an answer by a subgraph the rest of the query does not depend on. Sorted by coordinate.
 */
export function boundaryFields(supergraphSdl: string): BoundaryField[] {
  const schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  const graphNames = new Map<string, string>();
  const graphEnum = schema.getType("join__Graph");
  for (const value of isEnumType(graphEnum) ? graphEnum.getValues() : []) {
    const name = directivesOf(value.astNode, "join__graph").map(directive => argument(directive, "name"))[0];
    if (typeof name === "string") graphNames.set(value.name, name);
  }
  const graphName = (enumValue: string) => graphNames.get(enumValue) ?? enumValue.toLowerCase();

  const composites = Object.values(schema.getTypeMap()).filter(
    (type): type is Composite => (isObjectType(type) || isInterfaceType(type)) && !type.name.startsWith("__") && !/^(join__|link__|_)/.test(type.name),
  );
  const joins = new Map(composites.map(type => [type.name, typeJoin(type, graphName)]));
  const owners = new Map<string, string | undefined>();
  const entityOwner = (name: string): { entity: boolean; owner: string | undefined } => {
    const join = joins.get(name);
    if (!join || join.keys.size === 0) return { entity: false, owner: undefined };
    if (!owners.has(name)) owners.set(name, ownerOf(schema.getType(name) as Composite, join, graphName));
    return { entity: true, owner: owners.get(name) };
  };
  const hasFieldsBeyondKey = (name: string) => {
    const join = joins.get(name)!;
    const keyNames = new Set([...join.keys.values()].flatMap(names => [...names]));
    return Object.keys((schema.getType(name) as Composite).getFields()).some(field => !keyNames.has(field));
  };

  const found: BoundaryField[] = [];
  for (const type of composites) {
    const join = joins.get(type.name)!;
    const parent = entityOwner(type.name);
    for (const field of Object.values(type.getFields())) {
      const nullable = !isNonNullType(field.type);
      const coordinate = `${type.name}.${field.name}`;
      const graphs = resolvingGraphs(field, join, graphName);
      const target = getNamedType(field.type).name;
      const referenced = entityOwner(target);
      for (const graph of graphs) {
        const isKey = join.keys.get(graph)?.has(field.name) ?? false;
        if (parent.entity && !isKey && !graphs.includes(parent.owner ?? "")) {
          found.push({ coordinate, subgraph: graph, crossing: "contributed", owner: parent.owner, nullable });
        } else if (referenced.entity && referenced.owner !== graph && (referenced.owner !== undefined || hasFieldsBeyondKey(target))) {
          found.push({ coordinate, subgraph: graph, crossing: "reference", owner: referenced.owner, nullable });
        }
      }
    }
  }
  return found.sort((a, b) => a.coordinate.localeCompare(b.coordinate) || a.subgraph.localeCompare(b.subgraph));
}

/** One line per non-null field across the boundary, naming it, its subgraph and what to write instead; empty when there is none. */
export function nonNullAcrossTheBoundary(supergraphSdl: string): string[] {
  return boundaryFields(supergraphSdl)
    .filter(field => !field.nullable)
    .map(field =>
      field.crossing === "contributed"
        ? `${field.coordinate} (from the ${field.subgraph} subgraph) is added to ${field.coordinate.split(".")[0]}, which the ${field.owner ?? "other"} subgraph owns, and must be nullable: the ${field.subgraph} subgraph may not answer while ${field.owner ?? "the owner"} does`
        : `${field.coordinate} (from the ${field.subgraph} subgraph) is a reference to ${field.owner ? `the ${field.owner} subgraph's ` : ""}entity and must be nullable: the gateway fetches it from ${field.owner ?? "another subgraph"}, which may not answer`,
    );
}
