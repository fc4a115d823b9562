import { z } from "zod";

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The gateway's limits, faults and rate-limit variables, with their defaults (docs/operations.md: "Limits"). Each
 * refusal happens at the gateway, before any subgraph is called.
 */
export const limitsEnvSchema = {
  /** Deepest selection a query may nest (graphql-armor max-depth). */
  MAX_DEPTH: count(12),
  /** Aliases in one document (graphql-armor max-aliases). */
  MAX_ALIASES: count(15),
  /** Lexical tokens in one document (graphql-armor max-tokens), checked before parsing. */
  MAX_TOKENS: count(2000),
  /** Directives in one document (graphql-armor max-directives). */
  MAX_DIRECTIVES: count(20),
  /**
   * Most fields one request may resolve, each multiplied by the size of the lists around it: its `first`, capped by the
   * longest such list in the data (docs/queries.md "What a query costs").
   */
  MAX_COST: count(50_000),
  /**
   * The characters of subgraph answers that the requests the gateway runs at once may fetch, as expected from what
   * each operation fetched the last time (gateway/admission.ts); more wait their turn, so the answers the gateway holds
   * stay within its heap. A request runs alone whatever its size. A request holds about 10 bytes of heap per character
   * it fetched, so the default leaves some 64 MB of heap to answers in flight.
   */
  MAX_FETCHED_IN_FLIGHT: count(6_400_000),
  /** How long a request may wait for room under MAX_FETCHED_IN_FLIGHT before it is refused with 503, in milliseconds. */
  ADMISSION_TIMEOUT_MS: count(10_000),
  /**
   * The share of the gateway's heap limit (v8 heap_size_limit, set by --max-old-space-size) past which it takes no
   * more work: every request is refused with 503 OVERLOADED and Retry-After until the heap is below it again.
   */
  HEAP_WATERMARK: z.coerce.number().gt(0).max(1).default(0.85),
  /** How deep the JSON of a request's variables may nest; deeper is refused with 400 before anything reads it. */
  MAX_VARIABLES_DEPTH: count(32),
  /**
   * What a list counts for in the cost when neither the data (GET /list-sizes of its subgraph) nor the schema
   * (`@listSize(assumedSize:)`) says how long it is, and no `first` is given.
   */
  COST_LIST_SIZE: count(5),
  /** How often the gateway asks each subgraph how long its lists are (and soon after every write), in milliseconds. */
  LIST_SIZES_REFRESH_MS: count(60_000),
  /** Largest `first` a list accepts; the subgraphs apply the same cap (lib/subgraph/pagination.ts MAX_PAGE). */
  MAX_PAGE: count(100),
  /** Largest request body, in bytes. */
  MAX_BODY_BYTES: count(100_000),
  /** Most operations in one batched (JSON array) request. */
  MAX_BATCH: count(10),
  /**
   * Most reconciliation queries in one request to /reconcile, and most ids in one data-extension request; each beyond
   * the first costs one more request of the rate limit, as an operation of a batch does.
   */
  MAX_RECONCILE_QUERIES: count(50),
  /** Requests per minute for each API key (Authorization: Bearer …; keys are kept only as SHA-256 hashes). */
  RATE_LIMIT_PER_KEY: count(1200),
  /** Requests per minute for each client address without an API key. */
  RATE_LIMIT_PER_ADDRESS: count(300),
  /**
   * Whether identical reads in flight at the same time share one subgraph fetch (`true`, the default; `false` turns
   * it off). Reads are identical when the caller, the subgraph operation and its variables are.
   */
  DEDUPLICATE_READS: z.enum(["true", "false"]).default("true").transform(value => value === "true"),
  /** How long the gateway waits for one subgraph fetch before it gives up on that subgraph, in milliseconds. */
  SUBGRAPH_TIMEOUT_MS: count(5000),
};
