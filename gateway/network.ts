import Graph from "graphology";
import { write as writeGexf } from "graphology-gexf";
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { flatten } from "./export";

/** What POST /export keeps of the operation it ran, for the network formats, which read the answer by its types. */
export interface ExportedOperation {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  schema?: GraphQLSchema;
}

/** The records that become nodes, by GraphQL type, with the field that labels them. */
const NODE_LABELS: Record<string, string> = { Cluster: "name", Organisation: "name", Partnership: "title" };
/** The records that become edges: a membership ties an organisation to a cluster, a party its organisation or cluster to a partnership. */
const EDGE_TYPES = new Set(["Membership", "PartnershipParty"]);

type Attributes = Record<string, string | number | boolean>;
type Row = Record<string, unknown>;
interface Around {
  Cluster?: string;
  Organisation?: string;
  Partnership?: string;
}

// Characters XML 1.0 does not allow (C0 controls but tab and line breaks, lone surrogates, U+FFFE and U+FFFF): a name
// a partner wrote with one of them would make the whole file unreadable to Gephi, so they are left out.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlSafe = (text: string) => text.replace(NOT_XML, "");

/** The record's own values: its scalar fields, lists of them joined, nested objects that are not nodes or edges as dotted names. */
function attributesOf(record: Row): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(flatten(record))) {
    if (value === null || value === undefined || value === "") continue;
    attributes[xmlSafe(name)] = typeof value === "string" ? xmlSafe(value) : (value as number | boolean);
  }
  return attributes;
}

/**
 * Reads the network out of an answer, walking it beside the operation's selections so that each object's type is known:
 * every Cluster, Organisation and Partnership with its `id` selected is a node, with its own values as attributes; a
 * Membership is an edge from its organisation to its cluster, a PartnershipParty one from its organisation or cluster to
 * its partnership, each end taken from the record's own `organisation`/`cluster` or from the record it is listed under.
 */
export function networkOf(data: unknown, exported: ExportedOperation): Graph {
  const graph = new Graph({ type: "directed", multi: true });
  const { operation, document, schema } = exported;
  const root = operation && schema?.getRootType(operation.operation);
  if (!operation || !document || !schema || !root) return graph;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map(d => [d.name.value, d]),
  );

  function fieldsOf(selectionSet: SelectionSetNode, type: GraphQLObjectType, into: FieldNode[] = [], seen = new Set<string>()): FieldNode[] {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) into.push(selection);
      else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
        if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
        if (selection.kind === Kind.FRAGMENT_SPREAD) seen.add(selection.name.value);
        const on = fragment.typeCondition && schema!.getType(fragment.typeCondition.name.value);
        if (!on || on === type || (isAbstractType(on) && schema!.isSubType(on, type))) fieldsOf(fragment.selectionSet, type, into, seen);
      }
    }
    return into;
  }

  /** Walks one object of `type`; returns its node's key when it is a node. */
  function visit(value: unknown, selectionSet: SelectionSetNode, type: GraphQLObjectType, around: Around): string | undefined {
    if (value === null || typeof value !== "object") return undefined;
    const record = value as Row;
    const fields = fieldsOf(selectionSet, type);
    const own: Row = {};
    const nested: [FieldNode, GraphQLObjectType, unknown][] = [];
    for (const field of fields) {
      const key = field.alias?.value ?? field.name.value;
      const definition = type.getFields()[field.name.value];
      if (!definition || !(key in record)) continue;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) own[key] = record[key];
      else if (isObjectType(named) && (named.name in NODE_LABELS || EDGE_TYPES.has(named.name))) nested.push([field, named, record[key]]);
      else if (isObjectType(named)) {
        own[key] = record[key];
        nested.push([field, named, record[key]]);
      }
    }
    const label = NODE_LABELS[type.name];
    const id = label !== undefined ? own.id : undefined;
    const node = typeof id === "string" || typeof id === "number" ? `${type.name.toLowerCase()}:${xmlSafe(String(id))}` : undefined;
    if (node) {
      const attributes = attributesOf(own);
      graph.mergeNode(node, { ...attributes, type: type.name, label: String(attributes[label] ?? attributes.id) });
    }
    const inner: Around = node ? { ...around, [type.name]: node } : around;
    const ends: Around = {};
    for (const [field, named, child] of nested) {
      for (const item of Array.isArray(child) ? child : [child]) {
        const key = field.selectionSet && visit(item, field.selectionSet, named, inner);
        if (key && !Array.isArray(child)) ends[named.name as keyof Around] = key;
      }
    }
    if (type.name === "Membership") edge("membership", ends.Organisation ?? around.Organisation, ends.Cluster ?? around.Cluster, own);
    if (type.name === "PartnershipParty") edge("party", ends.Organisation ?? ends.Cluster, around.Partnership, own);
    return node;
  }

  function edge(relation: string, source: string | undefined, target: string | undefined, own: Row) {
    if (!source || !target) return;
    const { id, ...rest } = attributesOf(own);
    const key = id === undefined ? `${relation}:${source}->${target}` : `${relation}:${id}`;
    graph.mergeEdgeWithKey(key, source, target, { ...rest, relation, label: relation });
  }

  if (isObjectType(root)) visit(data, operation.selectionSet, root, {});
  return graph;
}

// Every value is a GEXF attribute but `label`: graphology-gexf's default would read `color`, `size`, `x`... (an alias a
// query may choose) as drawing instructions.
const asGexf = (_key: string, attributes: Attributes) => {
  const { label, ...rest } = attributes;
  return { label: String(label), attributes: rest };
};

/** The network as GEXF 1.3 (Gephi's own format), by graphology-gexf. */
export const gexfOf = (graph: Graph): string => writeGexf(graph, { version: "1.3", formatNode: asGexf, formatEdge: asGexf });

type GraphMLType = "boolean" | "long" | "double" | "string";
const graphmlTypeOf = (values: unknown[]): GraphMLType =>
  values.every(value => typeof value === "boolean")
    ? "boolean"
    : values.every(value => Number.isInteger(value))
      ? "long"
      : values.every(value => typeof value === "number")
        ? "double"
        : "string";

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The network as GraphML (graphml.graphdrawing.org), a line at a time: one `<key>` per attribute of nodes and of edges,
 * typed from its values (boolean, long, double, else string). graphology-graphml 0.5 reads GraphML but writes none.
 */
export function* graphmlOf(graph: Graph): Generator<string> {
  const keysOf = (kind: "node" | "edge", entries: Attributes[]) => {
    const names = [...new Set(entries.flatMap(entry => Object.keys(entry)))];
    return names.map((name, i) => ({ id: `${kind[0]}${i}`, name, type: graphmlTypeOf(entries.map(entry => entry[name]).filter(value => value !== undefined)) }));
  };
  const nodeKeys = keysOf("node", graph.mapNodes((_node, attributes) => attributes as Attributes));
  const edgeKeys = keysOf("edge", graph.mapEdges((_edge, attributes) => attributes as Attributes));
  const data = (keys: ReturnType<typeof keysOf>, attributes: Attributes) =>
    keys.flatMap(key => (attributes[key.name] === undefined ? [] : [`<data key="${key.id}">${escapeXml(String(attributes[key.name]))}</data>`])).join("");
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  for (const [kind, keys] of [["node", nodeKeys], ["edge", edgeKeys]] as const) {
    for (const key of keys) yield `  <key id="${key.id}" for="${kind}" attr.name="${escapeXml(key.name)}" attr.type="${key.type}"/>\n`;
  }
  yield '  <graph id="clusterhub" edgedefault="directed">\n';
  for (const node of graph.nodes()) yield `    <node id="${escapeXml(node)}">${data(nodeKeys, graph.getNodeAttributes(node) as Attributes)}</node>\n`;
  for (const edge of graph.edges()) {
    const [source, target] = graph.extremities(edge);
    yield `    <edge id="${escapeXml(edge)}" source="${escapeXml(source)}" target="${escapeXml(target)}">${data(edgeKeys, graph.getEdgeAttributes(edge) as Attributes)}</edge>\n`;
  }
  yield "  </graph>\n</graphml>\n";
}
