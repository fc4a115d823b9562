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
import type { ListSizeLookup, ListSizes } from "./list-sizes";
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
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details, http: { status } } });
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
  /** What a list counts for when neither the data nor the schema says how long it is (COST_LIST_SIZE). */
  listSize: number;
  maxPage: number;
  /** The lists' sizes from the data and the cost directives (gateway/list-sizes.ts); without it, every list is full. */
  sizes?: ListSizeLookup;
}

/** One list of a query as the cost counted it: where it is, how many items each of its parents may have. */
export interface CostedList {
  path: string;
  /** The items one parent's list may hold: its slicing argument (`first`) or the data's maximum, the smaller. */
  size: number;
  /** Whether the field takes a slicing argument (`first`) that would make it shorter. */
  sliceable: boolean;
}

/** What a query costs: at most (the lists as long as their longest in the data), on average, and the lists that multiply it. */
export interface QueryCost {
  max: number;
  average: number;
  lists: CostedList[];
}

/**
 * What a request costs: one per field (or its `@cost` weight), times the size of each list around it. A list's size
 * is its `first` (or a `@listSize` slicing argument) when given, capped by the most items one parent has in the data
 * (a root list: the rows of its table); without `first`, that most, else its `@listSize(assumedSize:)`, else
 * `listSize`. The `nodes` and `edges` of a connection share its size. `average` is the same with the data's average
 * lists. Refuses a `first` outside 1..maxPage on the way, naming it as the subgraphs would.
 */
export function queryCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, options: CostOptions): QueryCost {
  const lists: CostedList[] = [];
  const total = costOf(selectionSet, type, options, "", lists);
  return { ...total, lists };
}

/** The cost of a request at most (see `queryCost`). */
export const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLCompositeType, options: CostOptions): number => queryCost(selectionSet, type, options).max;

function costOf(selectionSet: SelectionSetNode, type: GraphQLCompositeType, options: CostOptions, path: string, lists: CostedList[]): { max: number; average: number } {
  const cost = { max: 0, average: 0 };
  const add = (part: { max: number; average: number }) => {
    cost.max += part.max;
    cost.average += part.average;
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = options.fragments[selection.name.value];
      const on = fragment && options.schema.getType(fragment.typeCondition.name.value);
      if (fragment && isCompositeType(on)) add(costOf(fragment.selectionSet, on, options, path, lists));
      continue;
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? options.schema.getType(selection.typeCondition.name.value) : type;
      if (isCompositeType(on)) add(costOf(selection.selectionSet, on, options, path, lists));
      continue;
    }
    const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
    if (!field) continue; // __typename and introspection cost nothing
    const known = options.sizes?.sizeOf(type.name, field.name);
    // A list counts `listSize` items unless `first` says how many (a list whose `first` may be left out, such as
    // `memberships(first:)`, then returns all of them); a connection's `nodes` and `edges` share its `first`.
    const isList = isListType(getNullableType(field.type)) && !type.name.endsWith("Connection");
    const slicing = field.args.filter(arg => (known?.slicingArguments ?? ["first"]).includes(arg.name));
    let sliced: number | undefined;
    for (const argument of slicing) {
      const node = selection.arguments?.find(arg => arg.name.value === argument.name);
      const value = node ? valueFromAST(node.value, argument.type, options.variables) : argument.defaultValue;
      if (typeof value !== "number") continue;
      if (argument.name === "first" && (value < 1 || value > options.maxPage)) throw new BadUserInputError("first", `must be between 1 and ${options.maxPage}, got ${value}`);
      sliced = Math.min(sliced ?? value, value);
    }
    // The data's lists, never counted below one item: a table empty at the last poll may have rows by now.
    const data = known?.max !== undefined ? { max: Math.max(1, known.max), average: Math.max(1, known.average ?? known.max) } : undefined;
    const unsliced = data ?? (isList ? { max: known?.assumedSize ?? options.listSize, average: known?.assumedSize ?? options.listSize } : { max: 1, average: 1 });
    const size = sliced === undefined ? unsliced : data ? { max: Math.min(sliced, data.max), average: Math.min(sliced, data.average) } : { max: sliced, average: sliced };
    const here = path ? `${path}.${selection.alias?.value ?? field.name}` : (selection.alias?.value ?? field.name);
    if (size.max > 1) lists.push({ path: here, size: size.max, sliceable: slicing.length > 0 });
    const named = getNamedType(field.type);
    const children = selection.selectionSet && isCompositeType(named) ? costOf(selection.selectionSet, named, options, here, lists) : { max: 0, average: 0 };
    const weight = known?.weight ?? 1;
    add({ max: weight + size.max * children.max, average: weight + size.average * children.average });
  }
  return cost;
}

/**
 * The refusal of a query over MAX_COST: its estimate, and how to make it fit, naming the lists that multiply it most
 * (the longest first; of two as long, the deeper one, whose items are the most numerous).
 */
export function costRefusal(cost: QueryCost, limit: number): LimitError {
  const lists = cost.lists
    .map((list, order) => ({ ...list, order }))
    .sort((a, b) => b.size - a.size || b.order - a.order)
    .slice(0, 3);
  const named = lists.map(list => `${list.path} (${list.size} per parent)`).join(", ");
  const first = lists[0];
  const fix = !first
    ? "select fewer fields."
    : first.sliceable
      ? `give ${first.path} a smaller \`first\`, or select fewer nested lists.`
      : `select less under ${first.path}, or fewer nested lists.`;
  const message =
    `Query cost ${Math.ceil(cost.max)} is over the limit of ${limit} (about ${Math.ceil(cost.average)} with lists of average length), ` +
    `counted from how long the lists are in the data.${named ? ` The lists that multiply it most: ${named}.` : ""} To fit, ${fix}`;
  return new LimitError(LimitCode.COST_LIMIT_EXCEEDED, message, 400, {
    cost: Math.ceil(cost.max),
    averageCost: Math.ceil(cost.average),
    limit,
    lists: lists.map(({ path, size, sliceable }) => ({ path, size, sliceable })),
  });
}

// An operation not seen yet is expected to fetch this many characters per unit of cost: more than it is likely to, which
// errs on the heap's side ("100 clusters, fully linked" on the synthetic data fetched 1.58 million characters; priced by
// the data's lists, 100 members a cluster, it costs 42,301: some 37 characters a unit).
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
export function costPlugin(config: GatewayConfig, metrics?: GatewayMetrics, heap = new HeapWatermark(config.HEAP_WATERMARK), sizes?: ListSizes): ApolloServerPlugin<BaseContext> {
  const budget = new AdmissionBudget(config.MAX_FETCHED_IN_FLIGHT);
  const answers = new AnswerSizes();
  const firstRuns = new FirstRuns();
  metrics?.watchAdmission(budget);
  return {
    async requestDidStart() {
      let release: (() => void) | null = null;
      let firstRun: (() => void) | null = null;
      let key: OperationKey | null = null;
      let fetched: { chars: number } | null = null;
      let wrote = false;
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
          const options = { schema, fragments, variables, listSize: config.COST_LIST_SIZE, maxPage: config.MAX_PAGE, sizes };
          let priced: QueryCost;
          try {
            priced = queryCost(operation.selectionSet, root, options);
          } catch (error) {
            if (error instanceof BadUserInputError) throw withStatus(error, 400);
            throw error;
          }
          // The most the lists hold, not their average: a query aimed at the longest lists is priced by them.
          if (priced.max > config.MAX_COST) throw costRefusal(priced, config.MAX_COST);
          const cost = priced.max;
          // A write may lengthen lists: the sizes are asked for again once it is done.
          if (operation.operation === "mutation") wrote = true;
          const admissionKey = (key = operationKey(document, operation, variables, MAX_REMEMBERED_VARIABLES));
          const busy = (expected: number | string) =>
            new LimitError(
              LimitCode.OVERLOADED,
              `The gateway is busy: this query waited ${config.ADMISSION_TIMEOUT_MS} ms for room among the queries running (MAX_FETCHED_IN_FLIGHT ${config.MAX_FETCHED_IN_FLIGHT} characters, this one expected to fetch ${expected}); retry shortly, or ask for smaller pages.`,
              503,
            );
          const seen = () => answers.get(admissionKey).shape !== undefined;
          firstRun = await firstRuns.turn(admissionKey.shape, seen, Date.now() + config.ADMISSION_TIMEOUT_MS);
          if (!firstRun) throw busy("more than the first of its kind, still running");
          // Other values of a shape seen may fetch more than it did; the cost is what they can fetch at most.
          const known = answers.get(admissionKey);
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
          if (key && fetched?.chars) answers.learn(key, fetched.chars, !!failed);
          firstRun?.();
          if (wrote) sizes?.refreshSoon();
        },
      };
    },
  };
}

function withStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}
