import { buildSubgraphSchema } from "@apollo/subgraph";
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, isObjectType, parse, type GraphQLFieldResolver, type GraphQLResolveInfo } from "graphql";
import { buildSchema, createResolversMap, Directive, Field, ID, ObjectType, type NonEmptyArray } from "type-graphql";
import { checkTexts, checkTextArguments, validateInput } from "./validation";

/** The one federation link of the graph: every subgraph speaks Federation 2 through it. */
const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])`;
/**
 * The same for a subgraph that declares its lists' sizes or its fields' costs with `@listSize` and `@cost` (IBM's GraphQL
 * Cost Directive, Federation 2.9; docs/queries.md "What a query costs"), as a partner's may. Only then: a supergraph of
 * 2.9 subgraphs is written in join v0.5, and ours stay on what every router of the bench reads.
 */
const COST_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@cost", "@listSize"])`;
const USES_COST_DIRECTIVES = /\s@(cost|listSize)\(/;

export interface SubgraphSchemaOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `__resolveReference` of each entity the subgraph owns or extends, by type name. */
  references: GraphQLResolverMap<unknown>;
}

/** Turns type-graphql classes into an Apollo Federation 2 subgraph schema. */
export async function buildFederatedSchema(options: SubgraphSchemaOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    // Inputs with class-validator rules are checked before a resolver runs; a broken rule is BAD_USER_INPUT.
    validateFn: validateInput,
    // Federation directives are unknown to plain graphql-js until buildSubgraphSchema adds them.
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  for (const [typeName, typeResolvers] of Object.entries(options.references)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...checkedReference(typeResolvers as Reference) } as never;
  }
  const printed = printSchemaWithDirectives(schema);
  const subgraph = buildSubgraphSchema({
    typeDefs: parse(`${USES_COST_DIRECTIVES.test(printed) ? COST_LINK : FEDERATION_LINK}\n${printed}`),
    resolvers,
  });
  checkTextArguments(subgraph);
  const entities = subgraph.getQueryType()?.getFields()._entities;
  if (entities?.resolve) entities.resolve = entitiesAtOnce(entities.resolve);
  return subgraph;
}

type Representation = { __typename: string };
type Reference = { __resolveReference?: (reference: Representation, ...rest: unknown[]) => unknown };

/** A reference resolver that first checks the texts of its representation: a NUL id fails that reference alone. */
function checkedReference(resolvers: Reference): Reference {
  const resolveReference = resolvers.__resolveReference;
  if (!resolveReference) return resolvers;
  return {
    ...resolvers,
    __resolveReference: (reference, ...rest) => {
      const { __typename: _typename, ...keys } = reference;
      try {
        checkTexts("", keys);
      } catch (error) {
        // Rejected, not thrown: `entitiesAtOnce` then answers every other reference of the batch.
        return Promise.reject(error);
      }
      return resolveReference(reference, ...rest);
    },
  };
}
type ReferenceExtensions = { apollo?: { subgraph?: { resolveReference?: (ref: unknown, context: unknown, info: GraphQLResolveInfo) => unknown } } };
type CacheControl = { cacheHint: { restrict(hint: object): void }; cacheHintFromType(type: unknown): object | undefined };

/**
 * `_entities` as one answer rather than one promise per representation. @apollo/subgraph's own resolver wraps every
 * entity in an async function of its own and hands graphql-js a list of promises, each completed on its own: for the
 * 10,000 organisations of "100 clusters, fully linked" that was a third of the organisations subgraph's CPU. Here every
 * `__resolveReference` is still called (the request's loaders batch them as before), their results are awaited
 * together, and each gets its `__typename` as @apollo/subgraph gives it. Anything else — an interface entity, a
 * reference that fails — goes through @apollo/subgraph's resolver, so per-entity errors are reported as before.
 */
function entitiesAtOnce(perEntity: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args: { representations: Representation[] }, context, info) => {
    const { representations } = args;
    const schema = info.schema;
    const results: unknown[] = new Array(representations.length);
    const hinted = new Set<string>();
    for (let i = 0; i < representations.length; i++) {
      const typename = representations[i].__typename;
      const type = schema.getType(typename);
      const resolveReference = isObjectType(type) ? (type.extensions as ReferenceExtensions).apollo?.subgraph?.resolveReference : undefined;
      if (!resolveReference) return perEntity(source, args, context, info);
      if (!hinted.has(typename)) {
        hinted.add(typename);
        restrictCacheHint(info, type);
      }
      results[i] = resolveReference(representations[i], context, info);
    }
    return Promise.all(results).then(
      values => values.map((value, i) => withTypename(value, representations[i].__typename)),
      () => perEntity(source, args, context, info),
    );
  };
}

/** The entity type's cache hint bounds the answer's, as @apollo/subgraph does for each representation. */
function restrictCacheHint(info: GraphQLResolveInfo, type: unknown) {
  const cacheControl = (info as GraphQLResolveInfo & { cacheControl?: CacheControl }).cacheControl;
  const hint = cacheControl?.cacheHint?.restrict ? cacheControl.cacheHintFromType(type) : undefined;
  if (hint) cacheControl!.cacheHint.restrict(hint);
}

/** The entity tagged with its type, for `_Entity`'s type resolver: as @apollo/subgraph's `maybeAddTypeNameToPossibleReturn`. */
function withTypename(value: unknown, typename: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if ("__typename" in value) return value.__typename === typename ? value : { ...value, __typename: typename };
  return Object.defineProperty(value, "__typename", { value: typename });
}

/** `__resolveReference` of an entity a subgraph only extends: the key is all it holds of it. */
export const keyOnlyReference = { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) };

/** `__resolveReference` of an entity a subgraph extends with `@requires` fields: the key and the owner's fields the gateway sent. */
export const representationReference = {
  __resolveReference: ({ __typename: _typename, ...fields }: { __typename: string; id: string }) => fields,
};

/**
 * The stub of another subgraph's entity, key only (STYLE.md §3), for a subgraph that only points at it. No description:
 * the owning subgraph describes the type, and composition keeps its words.
 */
export function EntityStub(name: string) {
  @Directive(`@key(fields: "id")`)
  @ObjectType(name)
  class Stub {
    @Field(_type => ID, { description: "Stable identifier, shared with every subgraph." })
    id!: string;
  }
  return Stub;
}
