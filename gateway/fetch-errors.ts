import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError, Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { SubgraphErrorCode } from "./data-source";
import type { GatewayContext } from "./identity";

const SUBGRAPH_CODES = new Set<unknown>(Object.values(SubgraphErrorCode));

/** The response names a selection set asks for, through fragments; for an entity, only those its type condition admits. */
function responseNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, typename?: string): string[] {
  const names: string[] = [];
  const admits = (condition: string | undefined) => !typename || !condition || condition === typename;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      if (name !== "__typename" && !names.includes(name)) names.push(name);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (admits(selection.typeCondition?.name.value)) names.push(...responseNames(selection.selectionSet, fragments, typename).filter(n => !names.includes(n)));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && admits(fragment.typeCondition.name.value)) names.push(...responseNames(fragment.selectionSet, fragments, typename).filter(n => !names.includes(n)));
    }
  }
  return names;
}

/**
 * The paths, in the fetch's own answer, of every field a failed fetch asked for: `[field]` for a root fetch,
 * `["_entities", i, field]` for each entity of an entity fetch. The gateway turns the latter into the entity's path in
 * the client's answer, as it does for a subgraph's own errors.
 */
export function fetchedFieldPaths(document: DocumentNode, variables: Record<string, unknown> | undefined): (string | number)[][] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find(definition => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
  const entities = operation.selectionSet.selections.find(selection => selection.kind === Kind.FIELD && selection.name.value === "_entities");
  const representations = variables?.representations;
  if (!entities || entities.kind !== Kind.FIELD || !entities.selectionSet || !Array.isArray(representations)) {
    return responseNames(operation.selectionSet, fragments).map(name => [name]);
  }
  const entitySelection = entities.selectionSet;
  const namesByType = new Map<string, string[]>();
  return representations.flatMap((representation: { __typename?: string }, i) => {
    const typename = String(representation?.__typename ?? "");
    if (!namesByType.has(typename)) namesByType.set(typename, responseNames(entitySelection, fragments, typename));
    const names = namesByType.get(typename)!;
    return names.length ? names.map(name => ["_entities", i, name]) : [["_entities", i]];
  });
}

/**
 * A data source whose subgraph faults (SUBGRAPH_TIMEOUT, SUBGRAPH_UNAVAILABLE) come back as that subgraph's errors on
 * each field the fetch asked for, rather than as one error without a path: the client's answer then names the subgraph
 * at every field it could not fill (`clusters.nodes.0.partnerships`), as a monolith's resolver errors would.
 */
export class FieldPathErrors implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly inner: GraphQLDataSource<GatewayContext>) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await this.inner.process(options);
    } catch (error) {
      const { request } = options;
      if (!(error instanceof GraphQLError) || !SUBGRAPH_CODES.has(error.extensions.code) || !request.query) throw error;
      const document = ("document" in options && options.document) || parse(request.query);
      const paths = fetchedFieldPaths(document, request.variables);
      if (!paths.length) throw error;
      return { errors: paths.map(path => ({ message: error.message, path, extensions: error.extensions })) } as GatewayGraphQLResponse;
    }
  }
}
