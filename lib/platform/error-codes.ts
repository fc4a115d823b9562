/** Who gives a code: our subgraphs (lib/platform/errors.ts), Apollo Server itself, or the gateway (its limits, its front door, a subgraph's failure). */
export type ErrorSource = "graph" | "apollo" | "limit" | "door" | "subgraph";

export interface ErrorCodeInfo {
  /** What the code means to the client, in a line. */
  description: string;
  /** The HTTP status of an answer that carries it alone, where it has one; beside data it comes with 200. */
  status?: number;
  from: ErrorSource;
  /** A subgraph's error with this code reaches the client with its message; any other code is masked (lib/platform/errors.ts maskError). */
  shown?: boolean;
}

/**
 * Every code the graph answers in `extensions.code`, the one list: the enums of lib/platform/errors.ts and gateway/ take their
 * codes from it, docs/error-codes.md is printed from it (`npm run error-codes`), and test/error-codes.test.ts finds every
 * code the source answers in it.
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: {
    from: "graph",
    status: 400,
    shown: true,
    description: "Input the caller can fix: `argument` names the argument or input field at fault, and the rule it breaks.",
  },
  NOT_FOUND: {
    from: "graph",
    status: 404,
    shown: true,
    description: "A write names a record the graph does not hold (`entity`, `id`); outside GraphQL, a path nothing is served at.",
  },
  FORBIDDEN: { from: "graph", shown: true, description: "The caller's partner neither owns the record nor has a grant to change it." },
  CONFLICT: {
    from: "graph",
    shown: true,
    description: "The record changed since `expectedVersion`, or the id is taken, or another write won the race: read again and retry.",
  },
  UNAUTHENTICATED: {
    from: "graph",
    status: 401,
    shown: true,
    description: "A write without a valid partner key, or a request to a subgraph that the gateway did not sign (`reason`).",
  },
  DATABASE_UNAVAILABLE: { from: "graph", status: 503, shown: true, description: "PostgreSQL cannot be reached right now; retry shortly." },
  INTERNAL_SERVER_ERROR: {
    from: "graph",
    status: 500,
    description: "Anything else: logged with the request id, answered without stack, SQL or internal URL.",
  },
  GRAPHQL_PARSE_FAILED: { from: "apollo", status: 400, shown: true, description: "The query is not GraphQL." },
  GRAPHQL_VALIDATION_FAILED: { from: "apollo", status: 400, shown: true, description: "The query asks for what the schema does not have, or breaks its rules." },
  BAD_REQUEST: { from: "apollo", status: 400, shown: true, description: "The request is not a GraphQL request: a body that is not JSON, no query, a GET that mutates." },
  PERSISTED_QUERY_NOT_FOUND: { from: "apollo", status: 200, shown: true, description: "The persisted query's hash is unknown: send the query with it once." },
  PERSISTED_QUERY_NOT_SUPPORTED: { from: "apollo", status: 200, shown: true, description: "Persisted queries are not accepted here." },
  OPERATION_RESOLUTION_FAILURE: {
    from: "apollo",
    status: 400,
    shown: true,
    description: "The document does not say which operation to run: `operationName` is missing or names none of them.",
  },
  DEPTH_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The query nests deeper than the gateway allows." },
  ALIAS_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The query has more aliases than the gateway allows." },
  TOKEN_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The query has more tokens than the gateway allows." },
  DIRECTIVE_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The query has more directives than the gateway allows." },
  COST_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The query would cost more than the limit: ask for smaller pages or fewer nested lists." },
  VARIABLES_DEPTH_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "The variables nest deeper than the gateway allows." },
  BODY_TOO_LARGE: { from: "limit", status: 413, description: "The request body is over the size limit." },
  BATCH_LIMIT_EXCEEDED: { from: "limit", status: 400, description: "A batch has more operations than the gateway allows." },
  RATE_LIMITED: { from: "limit", status: 429, description: "Too many requests from this address or key: retry after the seconds the message gives." },
  OVERLOADED: { from: "limit", status: 503, description: "The gateway is near its memory or work limit and sheds this request: retry shortly." },
  UNSUPPORTED_MEDIA_TYPE: { from: "door", status: 415, description: "The body is not JSON, or its charset or Content-Encoding is not one the gateway reads." },
  JSONP_NOT_SUPPORTED: {
    from: "door",
    status: 400,
    description: "A `callback` parameter asks for JSONP, which the gateway never answers (the answer would run as a script in the asking page): read it as JSON with CORS, which /reconcile allows from any origin.",
  },
  NOT_READY: { from: "door", status: 503, description: "The gateway is starting and has no composed graph yet; retry shortly." },
  CSRF_TOKEN_INVALID: {
    from: "door",
    status: 403,
    description: "A request signed in by the portal's session cookie lacks the session's CSRF token in `X-CSRF-Token`, or sends another one.",
  },
  SUBGRAPH_UNAVAILABLE: {
    from: "subgraph",
    description: "A subgraph did not answer (down, or its breaker is open): the fields it owes are null, `subgraph` names it.",
  },
  SUBGRAPH_TIMEOUT: { from: "subgraph", description: "A subgraph did not answer in time: the fields it owes are null, `subgraph` names it." },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCodeName = keyof typeof ERROR_CODES;

/** Some codes of the catalogue as an enum-like object (`Codes.NOT_FOUND === "NOT_FOUND"`); a code not in it does not compile. */
export function codesOf<const K extends ErrorCodeName>(...names: K[]): { readonly [P in K]: P } {
  return Object.freeze(Object.fromEntries(names.map(name => [name, name]))) as { readonly [P in K]: P };
}

/** The codes one source gives, as a type. */
export type CodesFrom<S extends ErrorSource> = { [K in ErrorCodeName]: (typeof ERROR_CODES)[K]["from"] extends S ? K : never }[ErrorCodeName];

/** The codes one source gives, as an enum-like object: `codesFrom("limit")` is the gateway's LimitCode. */
export const codesFrom = <S extends ErrorSource>(from: S) => codesOf(...codesWhere(info => info.from === from)) as { readonly [P in CodesFrom<S>]: P };

/** The codes of the catalogue that `keep` picks. */
export const codesWhere = (keep: (info: ErrorCodeInfo) => boolean): ErrorCodeName[] =>
  (Object.keys(ERROR_CODES) as ErrorCodeName[]).filter(name => keep(ERROR_CODES[name]));

const SOURCES: Record<ErrorSource, string> = {
  graph: "every subgraph (lib/platform/errors.ts)",
  apollo: "Apollo Server, at the gateway or a subgraph",
  limit: "the gateway's limits (gateway/limits.ts, gateway/front-door.ts, gateway/admission.ts)",
  door: "the gateway's front door, outside GraphQL (gateway/front-door.ts)",
  subgraph: "the gateway, for a subgraph that did not answer (gateway/data-source.ts)",
};

/** docs/error-codes.md: the catalogue as a table, printed by `npm run error-codes` and guarded by test/error-codes.test.ts. */
export function errorCodesMarkdown(): string {
  const rows = (Object.entries(ERROR_CODES) as [ErrorCodeName, ErrorCodeInfo][]).map(
    ([name, info]) => `| \`${name}\` | ${info.status ?? "200, beside data"} | ${SOURCES[info.from]} | ${info.description} |`,
  );
  return [
    "# Error codes",
    "",
    "<!-- Generated from lib/platform/error-codes.ts by `npm run error-codes`; test/error-codes.test.ts fails when it drifts. -->",
    "",
    "Every error the graph answers carries one of these codes in `extensions.code`, with the request id in",
    "`extensions.requestId`. The status is that of an answer refused with the code alone; an error beside data comes",
    "with 200. A subgraph's error whose code is neither the graph's nor Apollo's reaches the client as `INTERNAL_SERVER_ERROR`.",
    "",
    "| Code | HTTP status | Given by | Meaning |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
