import { randomUUID } from "node:crypto";
import { Kind, parse, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from "graphql";
import { logger } from "../lib/platform/logger";
import { signSubgraphRequest, type SigningKey } from "../lib/platform/signature";

/**
 * What the gateway knows of one field's lists, for the cost (gateway/limits.ts, docs/decisions/0011-list-sizes.md):
 * measured from the data by the subgraph that resolves it (`max`, `average` per parent, GET /list-sizes), and
 * declared in its SDL with the cost directives (`@listSize`, `@cost`), which a partner's subgraph uses for its own.
 */
export interface FieldSize {
  /** The most items one parent's list holds in the data now. */
  max?: number;
  /** How many items a parent's list holds on average, among the parents that have any. */
  average?: number;
  /** `@listSize(assumedSize:)`: the size the subgraph declares for a list it does not measure. */
  assumedSize?: number;
  /** `@listSize(slicingArguments:)`: the arguments that cap the list's length (ours: `first`). */
  slicingArguments?: string[];
  /** `@cost(weight:)`: what resolving the field costs, where 1 is an ordinary field. */
  weight?: number;
}

/** The sizes the cost reads: by type and field name. */
export interface ListSizeLookup {
  sizeOf(type: string, field: string): FieldSize | undefined;
}

const FIELD = /^[A-Za-z_]\w{0,100}\.[A-Za-z_]\w{0,100}$/;
// The directives' names in a supergraph: imported as they are, or under the spec's or federation's prefix.
const LIST_SIZE = new Set(["listSize", "cost__listSize", "federation__listSize"]);
const COST = new Set(["cost", "cost__cost", "federation__cost"]);

const count = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined);

/** The cost directives of a supergraph's fields, and which subgraphs resolve each field (its `@join__field` graphs). */
export function readSupergraph(sdl: string | DocumentNode): { declared: Map<string, FieldSize>; owners: Map<string, Set<string>> } {
  const document = typeof sdl === "string" ? parse(sdl) : sdl;
  const graphNames = new Map<string, string>();
  const declared = new Map<string, FieldSize>();
  const owners = new Map<string, Set<string>>();
  const argumentsOf = (directive: ConstDirectiveNode) => Object.fromEntries((directive.arguments ?? []).map(arg => [arg.name.value, valueFromASTUntyped(arg.value)]));
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "join__Graph") {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find(d => d.name.value === "join__graph");
        const name = graph && argumentsOf(graph).name;
        if (typeof name === "string") graphNames.set(value.name.value, name);
      }
    }
  }
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (definition.directives ?? []).filter(d => d.name.value === "join__type").map(d => argumentsOf(d).graph);
    for (const field of definition.fields ?? []) {
      const key = `${definition.name.value}.${field.name.value}`;
      const size: FieldSize = {};
      const fieldGraphs: unknown[] = [];
      for (const directive of field.directives ?? []) {
        const args = argumentsOf(directive);
        if (LIST_SIZE.has(directive.name.value)) {
          size.assumedSize = count(args.assumedSize);
          if (Array.isArray(args.slicingArguments)) size.slicingArguments = args.slicingArguments.filter((name): name is string => typeof name === "string");
        } else if (COST.has(directive.name.value)) size.weight = count(args.weight);
        else if (directive.name.value === "join__field" && args.graph !== undefined) fieldGraphs.push(args.graph);
      }
      if (Object.values(size).some(value => value !== undefined)) declared.set(key, size);
      const graphs = (fieldGraphs.length ? fieldGraphs : typeGraphs).map(graph => graphNames.get(String(graph))).filter((name): name is string => !!name);
      owners.set(key, new Set(graphs));
    }
  }
  return { declared, owners };
}

/** A subgraph the gateway fetches from, as the sizes are polled. */
export interface PolledSubgraph {
  name: string;
  url?: string;
}

/**
 * The list sizes of the graph: the cost directives of the composed supergraph, and the sizes each subgraph measures
 * in its own tables, polled from its signed GET /list-sizes every LIST_SIZES_REFRESH_MS and soon after a write through
 * this gateway. A subgraph's numbers count only for the fields it resolves, so no subgraph can price another's lists.
 * Without an answer the last sizes stand; before the first, the declared ones and COST_LIST_SIZE.
 */
export class ListSizes implements ListSizeLookup {
  private declared = new Map<string, FieldSize>();
  private owners = new Map<string, Set<string>>();
  private measured = new Map<string, Record<string, { max: number; average: number }>>();
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  // Subgraphs whose last poll failed: a failure is logged when it starts, not on every poll while it lasts.
  private readonly failing = new Set<string>();

  /** The subgraphs to poll: the gateway's data sources of its latest composition (gateway/gateway.ts). */
  subgraphs: () => PolledSubgraph[] = () => [];

  constructor(private readonly options: { signingKey: SigningKey; timeoutMs: number; refreshMs: number }) {}

  sizeOf(type: string, field: string): FieldSize | undefined {
    const key = `${type}.${field}`;
    const declared = this.declared.get(key);
    let measured: { max: number; average: number } | undefined;
    for (const owner of this.owners.get(key) ?? []) {
      const size = this.measured.get(owner)?.[key];
      // Several subgraphs may resolve a field (@shareable): the largest of their lists is what one may get.
      if (size && (!measured || size.max > measured.max)) measured = size;
    }
    return declared || measured ? { ...declared, ...measured } : undefined;
  }

  /** Reads a new supergraph's directives and owners, and polls the subgraphs it names. */
  learnSupergraph(sdl: string): void {
    try {
      ({ declared: this.declared, owners: this.owners } = readSupergraph(sdl));
    } catch (error) {
      logger.warn({ err: error }, "list sizes: the supergraph's cost directives could not be read; the last ones stand");
    }
    this.refreshSoon();
  }

  /** Polls again shortly: after a write, or when the subgraphs change. Several calls close together make one poll. */
  refreshSoon(delayMs = 250): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.refresh();
    }, delayMs);
    this.soon.unref();
  }

  /** Starts polling every LIST_SIZES_REFRESH_MS. */
  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = this.soon = null;
  }

  /** Asks every subgraph for its sizes, one poll at a time; resolves once all have answered or failed. */
  refresh(): Promise<void> {
    return (this.polling ??= Promise.all(this.subgraphs().map(subgraph => this.poll(subgraph))).then(() => {
      this.polling = null;
    }));
  }

  private async poll({ name, url }: PolledSubgraph): Promise<void> {
    if (!url) return;
    const target = url.replace(/\/graphql\/?$/, "/list-sizes");
    try {
      const headers = signSubgraphRequest(this.options.signingKey, { method: "GET", url: target, caller: null, requestId: `list-sizes-${randomUUID()}` });
      const response = await fetch(target, { headers, signal: AbortSignal.timeout(this.options.timeoutMs) });
      // A partner's subgraph built without our kit has no such route: its SDL's @listSize speaks for it.
      if (response.status === 404) return void this.measured.delete(name);
      if (!response.ok) throw new Error(`status ${response.status}`);
      this.measured.set(name, sizesIn(await response.json()));
      if (this.failing.delete(name)) logger.info({ subgraph: name }, "list sizes: answered again");
    } catch (error) {
      if (!this.failing.has(name)) logger.warn({ subgraph: name, problem: (error as Error).message }, "list sizes: no answer; the last sizes stand");
      this.failing.add(name);
    }
  }
}

/** The sizes in a subgraph's answer, each checked: a field name `Type.field`, finite counts not below zero. */
function sizesIn(body: unknown): Record<string, { max: number; average: number }> {
  const sizes = (body as { sizes?: unknown } | null)?.sizes;
  if (sizes === null || typeof sizes !== "object") throw new Error("the answer holds no sizes");
  const checked: Record<string, { max: number; average: number }> = {};
  for (const [field, size] of Object.entries(sizes)) {
    const max = count((size as { max?: unknown } | null)?.max);
    const average = count((size as { average?: unknown } | null)?.average);
    if (FIELD.test(field) && max !== undefined && average !== undefined) checked[field] = { max, average: Math.min(average, max) };
  }
  return checked;
}
