import { ApolloArmor } from "@escape.tech/graphql-armor";
import { MaxTokensParserWLexer } from "@escape.tech/graphql-armor-max-tokens";
import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";
import { codesFrom } from "../lib/platform/error-codes";
import { ApolloCode, BadUserInputError } from "../lib/platform/errors";
import { AdmissionBudget, AnswerSizes, FirstRuns, HeapWatermark, operationKey, type OperationKey } from "./admission";
import type { GatewayConfig } from "./config";
import type { GatewayContext } from "./identity";
import type { GatewayMetrics } from "./metrics";

/** The codes of the gateway's refusals, each in `extensions.code` (the catalogue's "limit" codes, lib/platform/error-codes.ts). */
export const LimitCode = codesFrom("limit");
export type LimitCode = (typeof LimitCode)[keyof typeof LimitCode];

/** A request the gateway refuses before calling any subgraph. */
export class LimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    status = 400,
  ) {
    super(message, { extensions: { code, http: { status } } });
  }
}

/** The limit a GraphQL error stands for, if the gateway raised it (Apollo re-wraps validation errors). */
export function limitCodeOf(error: unknown): LimitCode | undefined {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; depth++) {
    if (cause instanceof LimitError) return cause.code;
    cause = (cause as { originalError?: unknown }).originalError;
  }
  return undefined;
}

// graphql-armor reports a refusal through onReject; ours turns it into a coded error on the validation context.
const rejectWith = (code: LimitCode) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new LimitError(code, error.message.replace(/^Syntax Error: /, "")))],
});

/** graphql-armor's depth, alias and directive rules (validation), field suggestions blocked. Tokens are checked in gateway/http.ts. */
export function armorProtection(config: GatewayConfig) {
  const { validationRules, plugins } = new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH, ...rejectWith(LimitCode.DEPTH_LIMIT_EXCEEDED) },
    maxAliases: { n: config.MAX_ALIASES, ...rejectWith(LimitCode.ALIAS_LIMIT_EXCEEDED) },
    maxDirectives: { n: config.MAX_DIRECTIVES, ...rejectWith(LimitCode.DIRECTIVE_LIMIT_EXCEEDED) },
    // Ours counts `first` (costPlugin below); armor's counts every list as one item.
    costLimit: { enabled: false },
    // Apollo's parser would run after armor's plugin throws, and answer 500; gateway/http.ts runs armor's token counter first.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { validationRules, plugins };
}

// Documents known to be within the token limit, by limit: a dashboard sends the same few documents again and again,
// and counting a document's tokens cost about as much as the rest of the gateway's own checks on a small request.
// Only short documents are remembered, at most REMEMBERED_DOCUMENTS of them (the oldest forgotten first).
const withinTokenLimit = new Map<number, Set<string>>();
const REMEMBERED_DOCUMENTS = 500;
const REMEMBERED_LENGTH = 4000;

/** Whether a document has more than `limit` tokens, counted by graphql-armor's lexer, which stops once past it. */
export function exceedsTokenLimit(query: string, limit: number): boolean {
  let known = withinTokenLimit.get(limit);
  if (known?.has(query)) return false;
  const exceeded = countsOverLimit(query, limit);
  if (!exceeded && query.length <= REMEMBERED_LENGTH) {
    if (!known) withinTokenLimit.set(limit, (known = new Set()));
    known.add(query);
    if (known.size > REMEMBERED_DOCUMENTS) known.delete(known.values().next().value!);
  }
  return exceeded;
}

function countsOverLimit(query: string, limit: number): boolean {
  let exceeded = false;
  try {
    new MaxTokensParserWLexer(query, { n: limit, propagateOnRejection: true, onReject: [() => (exceeded = true)] }).parseDocument();
  } catch {
    // Past the limit the parser stops by throwing; a plain syntax error is Apollo's to report.
  }
  return exceeded;
}

interface CostOptions {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  listSize: number;
  maxPage: number;
}

/**
 * What a request costs: one per field, times the `first` (or its default) of each list around it, times
 * `listSize` for a list without `first`. The `nodes` and `edges` of a connection share its `first`.
 * Refuses a `first` outside 1..maxPage on the way, naming it as the subgraphs would.
 */
export function selectionCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, options: CostOptions): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = options.fragments[selection.name.value];
      const on = fragment && options.schema.getType(fragment.typeCondition.name.value);
      if (fragment && isCompositeType(on)) cost += selectionCost(fragment.selectionSet, on, options);
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? options.schema.getType(selection.typeCondition.name.value) : type;
      if (isCompositeType(on)) cost += selectionCost(selection.selectionSet, on, options);
      continue;
    }
    const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
    if (!field) continue; // __typename and introspection cost nothing
    // A list counts `listSize` items unless `first` says how many (a list whose `first` may be left out, such as
    // `memberships(first:)`, then returns all of them); a connection's `nodes` and `edges` share its `first`.
    let multiplier = isListType(getNullableType(field.type)) && !type.name.endsWith("Connection") ? options.listSize : 1;
    const firstArg = field.args.find(arg => arg.name === "first");
    if (firstArg) {
      const node = selection.arguments?.find(arg => arg.name.value === "first");
      const value = node ? valueFromAST(node.value, firstArg.type, options.variables) : firstArg.defaultValue;
      if (typeof value === "number") {
        if (value < 1 || value > options.maxPage) throw new BadUserInputError("first", `must be between 1 and ${options.maxPage}, got ${value}`);
        multiplier = value;
      }
    }
    const named = getNamedType(field.type);
    const children = selection.selectionSet && isCompositeType(named) ? selectionCost(selection.selectionSet, named, options) : 0;
    cost += 1 + multiplier * children;
  }
  return cost;
}

// An operation not seen yet is expected to fetch this many characters per unit of cost: about what full lists fetch
// ("100 clusters, fully linked" on the synthetic data: cost 15 701, 1.58 million characters fetched).
const CHARS_PER_COST = 100;
// Declared variables longer than this are not remembered: such an operation is priced by its shape, or its cost.
const MAX_REMEMBERED_VARIABLES = 1000;

/** Whether a JSON value nests objects and arrays more than `limit` deep; iterative, so no depth overflows it. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Refuses, before the query plan runs, a request whose variables nest deeper than MAX_VARIABLES_DEPTH, whose
 * operationName names no operation, whose cost is over MAX_COST or whose `first` is over MAX_PAGE; then holds it
 * until what it is expected to fetch fits beside the requests running (MAX_FETCHED_IN_FLIGHT), or refuses it with 503
 * after ADMISSION_TIMEOUT_MS, or when the heap is past HEAP_WATERMARK once it may run.
 */
export function costPlugin(config: GatewayConfig, metrics?: GatewayMetrics, heap = new HeapWatermark(config.HEAP_WATERMARK)): ApolloServerPlugin<BaseContext> {
  const budget = new AdmissionBudget(config.MAX_FETCHED_IN_FLIGHT);
  const sizes = new AnswerSizes();
  const firstRuns = new FirstRuns();
  metrics?.watchAdmission(budget);
  return {
    async requestDidStart() {
      let release: (() => void) | null = null;
      let firstRun: (() => void) | null = null;
      let key: OperationKey | null = null;
      let fetched: { chars: number } | null = null;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          // JSON.stringify, which Apollo and the gateway call on variables, overflows the stack on a few thousand levels.
          if (nestsDeeperThan(request.variables ?? {}, config.MAX_VARIABLES_DEPTH)) {
            throw new LimitError(LimitCode.VARIABLES_DEPTH_LIMIT_EXCEEDED, `Variables nest deeper than the limit of ${config.MAX_VARIABLES_DEPTH} levels`);
          }
          if (!operation) {
            const named = request.operationName ? `no operation named "${request.operationName}"` : "several operations and no operationName to choose one";
            throw new GraphQLError(`The document has ${named}`, { extensions: { code: ApolloCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
          }
          const root = schema.getRootType(operation.operation);
          if (!root) return;
          const fragments = Object.fromEntries(
            document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map(d => [d.name.value, d]),
          );
          const variables = request.variables ?? {};
          const options = { schema, fragments, variables, listSize: config.COST_LIST_SIZE, maxPage: config.MAX_PAGE };
          let cost: number;
          try {
            cost = selectionCost(operation.selectionSet, root, options);
          } catch (error) {
            if (error instanceof BadUserInputError) throw withStatus(error, 400);
            throw error;
          }
          if (cost > config.MAX_COST) {
            throw new LimitError(LimitCode.COST_LIMIT_EXCEEDED, `Query cost ${cost} is over the limit of ${config.MAX_COST}; ask for smaller pages (first) or fewer nested lists.`);
          }
          const admissionKey = (key = operationKey(document, operation, variables, MAX_REMEMBERED_VARIABLES));
          const busy = (expected: number | string) =>
            new LimitError(
              LimitCode.OVERLOADED,
              `The gateway is busy: this query waited ${config.ADMISSION_TIMEOUT_MS} ms for room among the queries running (MAX_FETCHED_IN_FLIGHT ${config.MAX_FETCHED_IN_FLIGHT} characters, this one expected to fetch ${expected}); retry shortly, or ask for smaller pages.`,
              503,
            );
          const seen = () => sizes.get(admissionKey).shape !== undefined;
          firstRun = await firstRuns.turn(admissionKey.shape, seen, Date.now() + config.ADMISSION_TIMEOUT_MS);
          if (!firstRun) throw busy("more than the first of its kind, still running");
          // Other values of a shape seen may fetch more than it did; the cost is what they can fetch at most.
          const known = sizes.get(admissionKey);
          const expected = known.exact ?? Math.max(known.shape ?? 0, cost * CHARS_PER_COST);
          release = await budget.acquire(expected, config.ADMISSION_TIMEOUT_MS);
          if (!release) throw busy(expected);
          // It may have waited while the answers in flight filled the heap.
          if (heap.over) {
            release();
            throw new LimitError(LimitCode.OVERLOADED, heap.refusal(), 503);
          }
          fetched = (contextValue as GatewayContext).fetched = { chars: 0 };
        },
        async willSendResponse({ response }) {
          release?.();
          const failed = response.body.kind === "single" && response.body.singleResult.errors?.length;
          // An answer from the response cache fetched nothing: it says nothing of what the operation fetches. One with
          // errors may have fetched less than the operation does: it only tells its shape what it fetches at least.
          if (key && fetched?.chars) sizes.learn(key, fetched.chars, !!failed);
          firstRun?.();
        },
      };
    },
  };
}

function withStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}
