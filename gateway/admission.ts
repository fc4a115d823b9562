import { getHeapStatistics } from "node:v8";
import type { RequestHandler } from "express";
import { Kind, print, visit, type DocumentNode, type OperationDefinitionNode, type SelectionNode } from "graphql";
import type { GatewayConfig } from "./config";
import { refuse } from "./http";
import { LimitCode } from "./limits";
import type { GatewayMetrics } from "./metrics";

/**
 * What the gateway holds for a request grows with its answer: the subgraphs' answers, parsed, the merged result and its
 * text. Many large queries at once could take the gateway past its heap and stop it. So a request runs only while the
 * answers expected of the requests in flight stay within a budget; the rest wait their turn, first come first served
 * (small ones aside, see `fitsReserve`), and a request that has waited too long is refused with 503 OVERLOADED rather
 * than run late.
 *
 * A request's expected size is what the same operation with the same declared variables fetched from the subgraphs
 * the last time (`AnswerSizes`, `operationKey`), and at least the most its shape fetched when those values are new; an
 * operation not seen yet is priced by its cost (gateway/limits.ts `selectionCost`), which assumes every list is full,
 * and runs alone among those of its shape until its size is known (`FirstRuns`). The cost alone would treat
 * "100 clusters" alike on a graph of 8 clusters and of 10,000, and hold back requests that are small in fact.
 *
 * Expected sizes are estimates; the heap itself is the last word (`overloadGuard`): past HEAP_WATERMARK of its limit
 * the gateway takes no more work until the answers in flight are done.
 */
const SMALL_SHARE = 0.01;
const RESERVE_SHARE = 0.05;

export class AdmissionBudget {
  private inFlight = 0;
  private readonly waiting: { size: number; admit: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** The expected size of the requests running now. */
  get running(): number {
    return this.inFlight;
  }

  /** How many requests wait for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits until a request of `size` may run, and gives back its `release`, to call once when it is done. A request
   * runs at once when nothing else does, whatever its size, so the budget never refuses what MAX_COST allows.
   * Null after `timeoutMs` of waiting: the request must not run.
   */
  acquire(size: number, timeoutMs: number): Promise<(() => void) | null> {
    if ((!this.waiting.length && this.fits(size)) || this.fitsReserve(size)) return Promise.resolve(this.take(size));
    return new Promise(resolve => {
      const entry = {
        size,
        admit: () => {
          clearTimeout(timer);
          resolve(this.take(size));
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        resolve(null);
        // The one that timed out may have held back smaller ones behind it.
        this.admitWaiting();
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  /**
   * A small request (at most 1% of the limit) does not queue behind large ones: it runs at once while the requests in
   * flight stay within the limit and a reserve of 5% beyond it, so a dashboard's small queries keep being answered
   * while large ones take turns. The reserve bounds what small ones can add to the heap.
   */
  private fitsReserve(size: number): boolean {
    return size <= this.limit * SMALL_SHARE && this.inFlight + size <= this.limit * (1 + RESERVE_SHARE);
  }

  private fits(size: number): boolean {
    return this.inFlight === 0 || this.inFlight + size <= this.limit;
  }

  private take(size: number): () => void {
    this.inFlight += size;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= size;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiting.length && this.fits(this.waiting[0].size)) this.waiting.shift()!.admit();
  }
}

/**
 * How admission knows an operation again. `exact` is the operation as printed (whitespace and comments gone) with the
 * values of the variables it declares, and only those: a variable it does not declare cannot change what it fetches,
 * so a random one must not make a request look unseen. Null when those values are too long to remember. `shape` is
 * the operation without its name, aliases, literals and variable names, its selections sorted: the same shape with
 * other values (another cursor, a random search text) is priced at least by the most that shape has fetched.
 */
export interface OperationKey {
  exact: string | null;
  shape: string;
}

// Printed once per parsed operation: Apollo's document store hands the same DocumentNode for the same query again.
const printedOperations = new WeakMap<OperationDefinitionNode, { printed: string; shape: string }>();

/** The admission key of `operation` (of `document`) with the request's `variables`. */
export function operationKey(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, maxVariables: number): OperationKey {
  let known = printedOperations.get(operation);
  if (!known) {
    // The fragments go with it; which ones it spreads does not matter, they are part of what it asks either way.
    const fragments = document.definitions.filter(d => d.kind === Kind.FRAGMENT_DEFINITION);
    const printed = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] });
    const shape = print(
      visit({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] } as DocumentNode, {
        OperationDefinition: node => ({ ...node, name: undefined }),
        Variable: () => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: "v" } }),
        Field: node => (node.alias ? { ...node, alias: undefined } : undefined),
        // Leaving: the selections are printed with their own literals and aliases already gone.
        SelectionSet: { leave: node => ({ ...node, selections: sortedByText(node.selections) }) },
        IntValue: () => ({ kind: Kind.INT, value: "0" }),
        FloatValue: () => ({ kind: Kind.FLOAT, value: "0" }),
        StringValue: () => ({ kind: Kind.STRING, value: "" }),
        BooleanValue: () => ({ kind: Kind.BOOLEAN, value: false }),
        EnumValue: () => ({ kind: Kind.ENUM, value: "_" }),
      }),
    );
    printedOperations.set(operation, (known = { printed, shape }));
  }
  const declared = (operation.variableDefinitions ?? []).map(definition => {
    const name = definition.variable.name.value;
    return [name, variables[name] ?? null];
  });
  const values = JSON.stringify(declared);
  return { exact: values.length <= maxVariables ? `${known.printed}\n${values}` : null, shape: known.shape };
}

/** Selections in the order of their printed text, each printed once. */
function sortedByText(selections: readonly SelectionNode[]): SelectionNode[] {
  return selections
    .map(selection => ({ text: print(selection), selection }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ selection }) => selection);
}

/**
 * What recent operations fetched from the subgraphs, in characters: the last size of each exact operation, and the
 * largest of each shape; the least recent forgotten past `max` of each.
 */
export class AnswerSizes {
  private readonly exact = new Map<string, number>();
  private readonly shapes = new Map<string, number>();

  constructor(private readonly max = 2000) {}

  /** What the exact operation fetched the last time, and the most its shape fetched; undefined where not seen. */
  get(key: OperationKey): { exact?: number; shape?: number } {
    return { exact: key.exact === null ? undefined : this.exact.get(key.exact), shape: this.shapes.get(key.shape) };
  }

  /** Learns what an operation fetched; from an answer with errors only for its shape, as the least it can fetch. */
  learn(key: OperationKey, chars: number, failed = false): void {
    if (key.exact !== null && !failed) remember(this.exact, key.exact, chars, this.max);
    remember(this.shapes, key.shape, Math.max(chars, this.shapes.get(key.shape) ?? 0), this.max);
  }
}

function remember(sizes: Map<string, number>, key: string, chars: number, max: number): void {
  // Deleted first, so that the Map's order stays the order of last use.
  sizes.delete(key);
  sizes.set(key, chars);
  if (sizes.size > max) sizes.delete(sizes.keys().next().value!);
}

// First runs at once, of all shapes: shapes are easy to vary (a fragment's name, a field more), so past this many a new
// one waits too; the largest request MAX_COST allows holds some 16 MB while it runs.
const MAX_FIRST_RUNS = 4;

/**
 * The first request of a shape not seen yet runs alone: the others of that shape wait until it is done, and are then
 * priced by what it fetched. Without this, a burst of one unseen operation is priced by cost, which can be far less
 * than the answers it fetches, and all of it is let in at once. They wait for one first run only: if it taught
 * nothing (it failed before fetching, or came from the response cache), they run priced by cost, as before. At most
 * `max` first runs go at once, whatever their shapes.
 */
export class FirstRuns {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly max = MAX_FIRST_RUNS) {}

  /** How many shapes have a first request running. */
  get size(): number {
    return this.running.size;
  }

  /**
   * Unless `seen()`, waits for the first request of `shape` if one is running, or becomes it once fewer than `max`
   * run. Gives back `done`, to call once when this request has run (a no-op unless it was the first), or null when
   * `deadline` (epoch ms) passed.
   */
  async turn(shape: string, seen: () => boolean, deadline: number): Promise<(() => void) | null> {
    for (;;) {
      if (seen()) return () => {};
      const first = this.running.get(shape);
      if (first) return (await settled(first, deadline)) ? () => {} : null;
      if (this.running.size < this.max) break;
      if (!(await settled(Promise.race(this.running.values()), deadline))) return null;
    }
    let finish!: () => void;
    const promise = new Promise<void>(resolve => (finish = resolve));
    this.running.set(shape, promise);
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.running.delete(shape);
      finish();
    };
  }
}

/** Whether `promise` settled before `deadline` (epoch ms). */
async function settled(promise: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadlinePassed = new Promise<boolean>(resolve => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()), false)));
  const done = await Promise.race([promise.then(() => true), deadlinePassed]);
  clearTimeout(timer);
  return done;
}

/** How full the heap is: used and limit, in bytes. */
export type HeapReading = () => { used: number; limit: number };

const v8Heap: HeapReading = () => {
  const stats = getHeapStatistics();
  return { used: stats.used_heap_size, limit: stats.heap_size_limit };
};

// The heap is read at most this often; between readings the last one stands (reading it costs about a microsecond,
// but a burst of thousands of requests a second need not pay it each).
const HEAP_SAMPLE_MS = 5;

/** Whether the heap is past `fraction` of its limit, read at most every few milliseconds. */
export class HeapWatermark {
  private readAt = -Infinity;
  private last = { used: 0, limit: Infinity };

  constructor(
    readonly fraction: number,
    private readonly read: HeapReading = v8Heap,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last reading, taken again if it is older than HEAP_SAMPLE_MS. */
  reading(): { used: number; limit: number } {
    const now = this.now();
    if (now - this.readAt >= HEAP_SAMPLE_MS) {
      this.last = this.read();
      this.readAt = now;
    }
    return this.last;
  }

  /** Whether the gateway should take no more work now. */
  get over(): boolean {
    const { used, limit } = this.reading();
    return used > this.fraction * limit;
  }

  /** Why a request is refused, for its error message. */
  refusal(): string {
    const { used, limit } = this.last;
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    return `The gateway is overloaded: its heap holds ${mib(used)} MiB, past HEAP_WATERMARK ${this.fraction} of its ${mib(limit)} MiB limit; retry shortly.`;
  }
}

// How long a client refused for a full heap should wait: the answers in flight are done and collected within it.
export const OVERLOADED_RETRY_AFTER_SECONDS = 2;

/**
 * Express middleware, for every route that takes work: while the heap is past HEAP_WATERMARK of its limit, answers
 * 503 OVERLOADED with Retry-After instead of taking the request, so that the gateway keeps the heap it needs to finish
 * the answers in flight and stays up.
 */
export function overloadGuard(config: Pick<GatewayConfig, "HEAP_WATERMARK">, metrics: GatewayMetrics, heap = new HeapWatermark(config.HEAP_WATERMARK)): RequestHandler {
  return (req, res, next) => {
    // Health and metrics stay answered: they cost next to nothing, and an orchestrator must see the truth.
    if (!heap.over || req.path.startsWith("/health") || req.path === "/metrics") return next();
    res.setHeader("retry-after", String(OVERLOADED_RETRY_AFTER_SECONDS));
    refuse(req, res, 503, LimitCode.OVERLOADED, heap.refusal(), metrics);
  };
}
