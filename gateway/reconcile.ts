import type { ApolloServer } from "@apollo/server";
import type { Express, Request, RequestHandler, Response } from "express";
import type { GraphQLFormattedError } from "graphql";
import { z } from "zod";
import { ERROR_CODES } from "../lib/platform/error-codes";
import { ErrorCode } from "../lib/platform/errors";
import { logger } from "../lib/platform/logger";
import { currentRequestId } from "../lib/platform/request-id";
import { searchKey } from "../lib/records/search-key";
import type { GatewayConfig } from "./config";
import { DoorCode } from "./errors";
import { chargeMore } from "./front-door";
import { badInput, refuse } from "./http";
import { gatewayContext, type GatewayContext } from "./identity";
import { LimitCode } from "./limits";
import type { GatewayMetrics } from "./metrics";
import { countryCode, rankCandidates, RECONCILE_TYPES, type Found, type ReconcileType, type Wanted } from "./reconcile-match";

// The Reconciliation Service API 0.2 (https://reconciliation-api.github.io/specs/0.2/), the protocol OpenRefine speaks.
// Every answer is read through the gateway's own Apollo server, as /export reads: the same plan, limits and errors.

/** Where the service lives; every path below is under it. */
export const RECONCILE_PATH = "/reconcile";
const PATHS = {
  preview: `${RECONCILE_PATH}/preview`,
  suggestEntity: `${RECONCILE_PATH}/suggest/entity`,
  suggestType: `${RECONCILE_PATH}/suggest/type`,
  suggestProperty: `${RECONCILE_PATH}/suggest/property`,
  propose: `${RECONCILE_PATH}/properties/propose`,
};

// The search's own bounds (lib/records/search.ts): at most 200 characters a query, 50 hits a list.
const MAX_QUERY_TEXT = 200;
const MAX_HITS = 50;
const DEFAULT_LIMIT = 10;
// A query's properties and values, an extension's properties, a key or id: generous for a spreadsheet, small for a server.
const MAX_PROPERTIES = 10;
const MAX_VALUES = 10;
const MAX_SHORT_TEXT = 200;
// How many of one request's queries run through the graph at once: a batch of 50 does not take the gateway for itself.
const CONCURRENCY = 4;
const SUGGESTIONS = 10;

const TYPE_NAMES: Record<ReconcileType, string> = {
  Cluster: "A cluster: companies, universities and public bodies of one region and sector that work together.",
  Organisation: "An organisation: a company, university, public body, NGO or international organisation.",
};

const SCHEMES = ["KRS", "REGON", "NIP", "EDRPOU", "ROR", "WIKIDATA", "EU_PIC"] as const;

type Value = { str: string } | { int: number } | { id: string; name: string };
type Row = Record<string, unknown>;

/** A property the service knows: for reconciliation queries (`query`), for data extension (`values`), or both. */
interface Property {
  id: string;
  name: string;
  description: string;
  types: readonly ReconcileType[];
  /** The type of the entities its values are, when they are records of the graph. */
  entity?: ReconcileType;
  /** Whether reconciliation queries may give it. */
  query?: boolean;
  values: (record: Row) => Value[];
}

const strs = (...values: unknown[]): Value[] => values.flat().filter((v): v is string => typeof v === "string" && v !== "").map(str => ({ str }));
const ints = (value: unknown): Value[] => (typeof value === "number" && Number.isInteger(value) ? [{ int: value }] : []);
const entities = (records: unknown): Value[] =>
  (Array.isArray(records) ? records : []).filter((r): r is Row => !!r && typeof r === "object").map(r => ({ id: String(r.id), name: String(r.name) }));
const identifiersOf = (record: Row) => (Array.isArray(record.identifiers) ? (record.identifiers as { scheme: string; value: string }[]) : []);

const PROPERTIES: Property[] = [
  { id: "country", name: "Country", description: "ISO 3166-1 alpha-2 code; a query may also give alpha-3 or the name in English, Polish or Ukrainian.", types: RECONCILE_TYPES, query: true, values: r => strs(r.country) },
  { id: "city", name: "City", description: "In the local language; a query may write it in any alphabet (Lwów, Lviv, Львів).", types: RECONCILE_TYPES, query: true, values: r => strs(r.city) },
  { id: "region", name: "Region", description: "Oblast, voivodeship or voblast, as the sources write it.", types: RECONCILE_TYPES, values: r => strs(r.region) },
  { id: "nameEn", name: "Name in English", description: "As a source writes it, or the hub's translation (see the record's names).", types: RECONCILE_TYPES, values: r => strs(r.nameEn) },
  { id: "website", name: "Web site", description: "Where a source gives one.", types: RECONCILE_TYPES, values: r => strs(r.website) },
  { id: "kind", name: "Kind of organisation", description: "COMPANY, UNIVERSITY, NGO, ...", types: ["Organisation"], values: r => strs(r.kind) },
  {
    id: "identifier",
    name: "Identifier",
    description: `In a public register, as SCHEME:value (${SCHEMES.join(", ")}), such as KRS:0000012345; a Wikidata Q-id or a ror.org URL alone also does.`,
    types: ["Organisation"],
    query: true,
    values: r => strs(identifiersOf(r).map(id => `${id.scheme}:${id.value}`)),
  },
  ...SCHEMES.map(
    (scheme): Property => ({
      id: `identifier.${scheme}`,
      name: `${scheme} identifier`,
      description: `The organisation's identifier in ${scheme}, alone.`,
      types: ["Organisation"],
      query: true,
      values: r => strs(identifiersOf(r).filter(id => id.scheme === scheme).map(id => id.value)),
    }),
  ),
  { id: "sectors", name: "Sectors", description: "As the sources write them.", types: ["Cluster"], values: r => strs(r.sectors) },
  { id: "foundedYear", name: "Founded (year)", description: "The earliest founding year the sources give.", types: ["Cluster"], values: r => ints(r.foundedYear) },
  {
    id: "latestMemberCount",
    name: "Members (latest count)",
    description: "The latest dated member count the sources give.",
    types: ["Cluster"],
    values: r => ints((r.latestMemberCount as Row | null)?.count),
  },
  {
    id: "members",
    name: "Member organisations",
    description: "The organisations the sources name as members, founders, coordinators or initiators.",
    types: ["Cluster"],
    entity: "Organisation",
    values: r => entities(((r.memberships as Row[] | null) ?? []).map(m => m.organisation)),
  },
  {
    id: "clusters",
    name: "Clusters",
    description: "The clusters the organisation is a member of.",
    types: ["Organisation"],
    entity: "Cluster",
    values: r => entities(((r.memberships as Row[] | null) ?? []).map(m => m.cluster)),
  },
];
const PROPERTY_BY_ID = new Map(PROPERTIES.map(p => [p.id, p]));

const ORGANISATION_FIELDS = "id name nameEn kind country city region identifiers { scheme value }";
const CLUSTER_FIELDS = "id name nameEn country city region";

const RECONCILE_QUERY = /* GraphQL */ `
  query Reconcile($query: String!, $byName: Boolean!, $first: Int!, $clusters: Boolean!, $organisations: Boolean!, $scheme: IdentifierScheme!, $value: String!, $byIdentifier: Boolean!) {
    search(query: $query) @include(if: $byName) {
      clusters(first: $first) @include(if: $clusters) { score matchedName node { ${CLUSTER_FIELDS} } }
      organisations(first: $first) @include(if: $organisations) { score matchedName node { ${ORGANISATION_FIELDS} } }
    }
    organisationByIdentifier(scheme: $scheme, value: $value) @include(if: $byIdentifier) { ${ORGANISATION_FIELDS} }
  }
`;

const RECORD_QUERY = /* GraphQL */ `
  query ReconcileRecord($id: ID!) {
    cluster(id: $id) {
      ${CLUSTER_FIELDS} website description sectors foundedYear latestMemberCount { count } names { text language }
      memberships { organisation { id name } } sources { title publisher publishedOn }
    }
    organisation(id: $id) {
      ${ORGANISATION_FIELDS} website description names { text language } memberships { cluster { id name } } sources { title publisher publishedOn }
    }
  }
`;

// --- input ---------------------------------------------------------------------------------------------------------

const shortText = z.string().max(MAX_SHORT_TEXT, `must be at most ${MAX_SHORT_TEXT} characters`);
const propertyValue = z.union([shortText, z.number(), z.boolean(), z.object({ id: shortText, name: shortText.optional() })]);
const querySchema = z
  .object({
    query: z.string().max(MAX_QUERY_TEXT, `must be at most ${MAX_QUERY_TEXT} characters`).optional(),
    type: z.union([shortText, z.array(shortText).max(RECONCILE_TYPES.length)]).optional(),
    limit: z.number().finite().optional(),
    properties: z
      .array(z.object({ pid: shortText, v: z.union([propertyValue, z.array(propertyValue).max(MAX_VALUES)]) }).strict())
      .max(MAX_PROPERTIES)
      .optional(),
    type_strict: z.enum(["any", "should", "all"]).optional(),
  })
  .strict();
const extendSchema = z
  .object({
    ids: z.array(shortText).min(1),
    properties: z.array(z.object({ id: shortText, settings: z.record(z.string(), z.unknown()).optional() })).min(1).max(PROPERTIES.length),
  })
  .strict();

/** A refusal of what a client sent: answered 400 BAD_USER_INPUT naming `argument`, or with its own code and status. */
class Refusal {
  constructor(
    readonly argument: string,
    readonly message: string,
    readonly code: string = ErrorCode.BAD_USER_INPUT,
    readonly status = 400,
  ) {}
}

const zodRefusal = (prefix: string, error: z.ZodError) => {
  const issue = error.issues[0];
  const at = [prefix, ...issue.path.map(String)].join(".");
  return new Refusal(at, issue.code === "unrecognized_keys" ? `has no field ${issue.keys.map(k => `"${k.slice(0, 40)}"`).join(", ")}` : issue.message);
};

/** A parameter that holds JSON: a string (form or query string) parsed, an object or array (a JSON body) as it is. */
function jsonField(value: unknown, name: string): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new Refusal(name, "is not valid JSON");
  }
}

/** One text parameter of the query string: absent, or given once. */
function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new Refusal(name, "must be given once, as text");
  if (value.length > MAX_SHORT_TEXT) throw new Refusal(name, `must be at most ${MAX_SHORT_TEXT} characters`);
  return value;
}

function typesOf(value: string | string[] | undefined, argument: string): ReconcileType[] {
  const given = value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const type of given) {
    if (!(RECONCILE_TYPES as readonly string[]).includes(type)) throw new Refusal(argument, `"${type.slice(0, 40)}" is not a type of this service: ${RECONCILE_TYPES.join(" or ")}`);
  }
  return given.length ? (given as ReconcileType[]) : [...RECONCILE_TYPES];
}

/** `SCHEME:value`, `SCHEME value`, or a Wikidata Q-id or ror.org URL alone, as a scheme and the value as written. */
function identifierOf(text: string, scheme: string | null, argument: string): { scheme: string; value: string } {
  if (scheme) return { scheme, value: text };
  // The scheme is what stands before the first colon, or else before the first space: no pattern to backtrack over.
  const trimmed = text.trim();
  const cut = trimmed.includes(":") && !/^https?:/i.test(trimmed) ? trimmed.indexOf(":") : trimmed.search(/\s/);
  const named = cut > 0 ? trimmed.slice(0, cut).trim().toUpperCase().replace(/[\s-]+/g, "_") : "";
  const alias = named === "PIC" ? "EU_PIC" : named === "ЄДРПОУ" ? "EDRPOU" : named;
  if ((SCHEMES as readonly string[]).includes(alias)) return { scheme: alias, value: trimmed.slice(cut + 1).trim() };
  if (/^\s*(https?:\/\/(www\.)?wikidata\.org\/(wiki|entity)\/)?Q\d+\s*$/i.test(text)) return { scheme: "WIKIDATA", value: text };
  if (/^\s*https?:\/\/ror\.org\//i.test(text)) return { scheme: "ROR", value: text };
  throw new Refusal(argument, `an identifier must name its scheme, as SCHEME:value with SCHEME one of ${SCHEMES.join(", ")}`);
}

/** What one query asks, checked: its text, types, limit and properties. */
function wantedOf(key: string, query: z.infer<typeof querySchema>): Wanted & { types: ReconcileType[]; limit: number } {
  const at = `queries.${key}`;
  const text = query.query?.trim() ? query.query : null;
  if (!text && !query.properties?.length) throw new Refusal(`${at}.query`, "a query needs a `query` text or at least one property");
  const wanted = { text, countries: [] as string[], cities: [] as string[], identifiers: [] as { scheme: string; value: string }[] };
  for (const [i, { pid, v }] of (query.properties ?? []).entries()) {
    const property = PROPERTY_BY_ID.get(pid);
    if (!property?.query) {
      const known = PROPERTIES.filter(p => p.query).map(p => p.id);
      throw new Refusal(`${at}.properties.${i}.pid`, `"${pid.slice(0, 40)}" is not a property queries may give: ${known.join(", ")}`);
    }
    const values = (Array.isArray(v) ? v : [v]).map(value => (typeof value === "object" ? (value.name ?? value.id) : String(value))).filter(value => value.trim());
    for (const value of values) {
      if (pid === "country") {
        // A value that names no country is a spreadsheet's cell, not a broken query: it narrows nothing.
        const code = countryCode(value);
        if (code) wanted.countries.push(code);
      } else if (pid === "city") wanted.cities.push(value);
      else wanted.identifiers.push(identifierOf(value, pid.startsWith("identifier.") ? pid.slice("identifier.".length) : null, `${at}.properties.${i}.v`));
    }
  }
  const limit = Math.min(MAX_HITS, Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)));
  return { ...wanted, types: typesOf(query.type, `${at}.type`), limit };
}

// --- through the graph ---------------------------------------------------------------------------------------------

/**
 * Runs one of the service's operations through the gateway's Apollo server; a refusal or fault becomes a Refusal naming
 * `argument`, or what `argument` makes of the GraphQL argument the graph named.
 */
async function ask(server: ApolloServer<GatewayContext>, contextValue: GatewayContext, query: string, variables: Row, argument: string | ((named?: string) => string)): Promise<Row> {
  const response = await server.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== "single") throw new Error("an operation of the reconciliation service was answered incrementally");
  const { data, errors } = response.body.singleResult;
  const error: GraphQLFormattedError | undefined = errors?.[0];
  if (error) {
    const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR);
    const status = (ERROR_CODES as Record<string, { status?: number }>)[code]?.status ?? 503;
    const at = typeof argument === "string" ? argument : argument(error.extensions?.argument as string | undefined);
    throw code === ErrorCode.BAD_USER_INPUT ? new Refusal(at, error.message) : new Refusal(at, error.message, code, status < 400 ? 500 : status);
  }
  return (data ?? {}) as Row;
}

/** `fn` over `items`, at most CONCURRENCY at a time, answers in order. */
async function eachLimited<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      answers[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return answers;
}

const hitsOf = (type: ReconcileType, hits: unknown): Found[] =>
  ((hits as { score: number; matchedName: string; node: Row }[] | null) ?? []).map(hit => ({
    ...(hit.node as Omit<Found, "type">),
    type,
    matchedName: hit.matchedName,
    searchScore: hit.score,
  }));

async function reconcileOne(server: ApolloServer<GatewayContext>, contextValue: GatewayContext, key: string, wanted: ReturnType<typeof wantedOf>) {
  const byName = !!wanted.text && !!searchKey(wanted.text);
  const identifier = wanted.types.includes("Organisation") ? wanted.identifiers[0] : undefined;
  if (!byName && !identifier) return { result: [] };
  const data = await ask(
    server,
    contextValue,
    RECONCILE_QUERY,
    {
      query: byName ? wanted.text : "",
      byName,
      first: wanted.limit,
      clusters: wanted.types.includes("Cluster"),
      organisations: wanted.types.includes("Organisation"),
      scheme: identifier?.scheme ?? "KRS",
      value: identifier?.value ?? "",
      byIdentifier: !!identifier,
    },
    // The graph names `value` for the identifier's value and `query` for the text.
    named => (named === "value" ? `queries.${key}.properties` : `queries.${key}.query`),
  );
  const search = (data.search ?? {}) as Row;
  const byIdentifier = data.organisationByIdentifier ? [{ ...(data.organisationByIdentifier as Omit<Found, "type">), type: "Organisation" as const, byIdentifier: true }] : [];
  const found = [...byIdentifier, ...hitsOf("Cluster", search.clusters), ...hitsOf("Organisation", search.organisations)];
  return { result: rankCandidates(wanted, found, wanted.limit) };
}

// --- routes --------------------------------------------------------------------------------------------------------

/** The address clients reach the gateway at: GATEWAY_PUBLIC_URL, or the request's own scheme and Host when that is a plain host name. */
function baseUrl(config: GatewayConfig, req: Request): string {
  if (config.GATEWAY_PUBLIC_URL) return config.GATEWAY_PUBLIC_URL.replace(/\/+$/, "");
  const host = req.get("host") ?? "";
  return `${req.protocol}://${/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : `${config.HOST}:${config.PORT}`}`;
}

function manifest(config: GatewayConfig, req: Request) {
  const base = baseUrl(config, req);
  const service = (path: string) => ({ service_url: base, service_path: path });
  return {
    versions: ["0.2"],
    name: "Cluster Hub: clusters and organisations of Ukraine, Poland and Belarus",
    identifierSpace: "urn:cluster-hub:record",
    schemaSpace: "urn:cluster-hub:schema",
    defaultTypes: RECONCILE_TYPES.map(id => ({ id, name: id })),
    view: { url: `${base}${PATHS.preview}?id={{id}}` },
    preview: { url: `${base}${PATHS.preview}?id={{id}}`, width: 420, height: 220 },
    suggest: { entity: service(PATHS.suggestEntity), type: service(PATHS.suggestType), property: service(PATHS.suggestProperty) },
    extend: { propose_properties: service(PATHS.propose), property_settings: [] },
  };
}

const escapeHtml = (text: unknown) =>
  String(text ?? "").replace(/[&<>"']/g, char => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** The preview of one record: a small page without scripts, meant for an iframe. */
function previewPage(type: ReconcileType, record: Row): string {
  const names = ((record.names as { text: string; language: string }[] | undefined) ?? []).filter(n => n.text !== record.name);
  const place = [record.city, record.region, record.country].filter(Boolean).join(", ");
  const identifiers = identifiersOf(record).map(id => `${id.scheme} ${id.value}`);
  const sources = ((record.sources as Row[] | undefined) ?? []).map(s => [s.title, s.publisher, s.publishedOn].filter(Boolean).join(", "));
  const line = (label: string, value: string) => (value ? `<p><b>${escapeHtml(label)}:</b> ${escapeHtml(value)}</p>` : "");
  return [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(record.name)}</title>`,
    `<style>body{font:13px/1.4 sans-serif;margin:8px}h1{font-size:15px;margin:0 0 4px}p{margin:2px 0}</style></head><body>`,
    `<h1>${escapeHtml(record.name)}</h1>`,
    line("Type", type === "Organisation" && record.kind ? `Organisation (${String(record.kind).toLowerCase().replace(/_/g, " ")})` : type),
    line("Also", names.map(n => `${n.text} (${n.language})`).join("; ")),
    line("Place", place),
    line("Identifiers", identifiers.join("; ")),
    line("Sectors", ((record.sectors as string[] | undefined) ?? []).join("; ")),
    line("About", String(record.description ?? "")),
    line("Sources", sources.join("; ")),
    line("Id", String(record.id)),
    "</body></html>",
  ].join("");
}

// OpenRefine shows a preview in an iframe of its own page, so this one page may be framed: it has no script and no action.
const PREVIEW_POLICY = "default-src 'none';style-src 'unsafe-inline';frame-ancestors *;base-uri 'none';form-action 'none'";

/**
 * The Reconciliation Service API at /reconcile (docs/reconciliation.md): the manifest and queries (GET and POST, a form or
 * JSON), preview, suggest for entities, types and properties, property proposals and data extension. Each route is added to
 * `app` itself, behind the front door like every other (body and rate limits, request id), and answers with CORS for any
 * origin; a `callback` (JSONP) is refused.
 */
export function addReconcileRoutes(app: Express, server: ApolloServer<GatewayContext>, config: GatewayConfig, metrics: GatewayMetrics, whenReady: RequestHandler): void {
  const max = config.MAX_RECONCILE_QUERIES;

  /** Wraps a route: CORS, no JSONP, and a Refusal answered with its code naming what was wrong. */
  const route = (handler: (req: Request, res: Response, context: () => Promise<GatewayContext>) => Promise<void>) => async (req: Request, res: Response) => {
    res.setHeader("access-control-allow-origin", "*");
    if (req.query.callback !== undefined) {
      return refuse(req, res, 400, DoorCode.JSONP_NOT_SUPPORTED, "JSONP (`callback`) is not served: its answer would run as a script in the asking page. Read the JSON with CORS, which allows any origin here", metrics);
    }
    try {
      await handler(req, res, () => gatewayContext({ req, res }));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      if (error.code === ErrorCode.BAD_USER_INPUT) return badInput(res, error.argument, error.message);
      metrics.refused(error.code);
      res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code, requestId: currentRequestId() } }] });
    }
  };

  const charge = (req: Request, res: Response, count: number, what: string) =>
    chargeMore(req, res, count - 1, `${count} ${what} count ${count} requests`, metrics);

  const service = route(async (req, res, context) => {
    const fields = { ...(req.method === "GET" ? req.query : ((req.body ?? {}) as Row)) };
    if (req.body !== undefined && (req.body === null || typeof req.body !== "object" || Array.isArray(req.body))) {
      throw new Refusal("body", "must be a form or a JSON object with `queries` or `extend`");
    }
    if (fields.queries !== undefined && fields.extend !== undefined) throw new Refusal("extend", "send `queries` or `extend`, not both");
    if (fields.queries !== undefined) {
      const batch = jsonField(fields.queries, "queries");
      if (batch === null || typeof batch !== "object" || Array.isArray(batch)) throw new Refusal("queries", "must be a JSON object of queries by key, such as {\"q0\": {\"query\": \"Lubelska Medycyna\"}}");
      const entries = Object.entries(batch as Row);
      if (entries.length > max) throw new Refusal("queries", `a batch of ${entries.length} queries is over the limit of ${max}`, LimitCode.BATCH_LIMIT_EXCEEDED, 400);
      const queries = entries.map(([key, query]) => {
        if (key.length > MAX_SHORT_TEXT) throw new Refusal("queries", `a key must be at most ${MAX_SHORT_TEXT} characters`);
        const parsed = querySchema.safeParse(query);
        if (!parsed.success) throw zodRefusal(`queries.${key}`, parsed.error);
        return { key, wanted: wantedOf(key, parsed.data) };
      });
      if (!(await charge(req, res, queries.length, "reconciliation queries"))) return;
      const contextValue = await context();
      const answers = await eachLimited(queries, ({ key, wanted }) => reconcileOne(server, contextValue, key, wanted));
      logger.info({ queries: queries.length }, "reconcile");
      return void res.json(Object.fromEntries(queries.map(({ key }, i) => [key, answers[i]])));
    }
    if (fields.extend !== undefined) {
      const parsed = extendSchema.safeParse(jsonField(fields.extend, "extend"));
      if (!parsed.success) throw zodRefusal("extend", parsed.error);
      const { ids, properties } = parsed.data;
      if (ids.length > max) throw new Refusal("extend.ids", `${ids.length} ids are over the limit of ${max}`, LimitCode.BATCH_LIMIT_EXCEEDED, 400);
      const wanted = properties.map(({ id }, i) => {
        const property = PROPERTY_BY_ID.get(id);
        if (!property) throw new Refusal(`extend.properties.${i}.id`, `"${id.slice(0, 40)}" is not a property of this service (see ${PATHS.propose})`);
        return property;
      });
      if (!(await charge(req, res, ids.length, "ids to extend"))) return;
      const contextValue = await context();
      const records = await eachLimited(ids, id => ask(server, contextValue, RECORD_QUERY, { id }, "extend.ids"));
      const rows = Object.fromEntries(
        ids.map((id, i) => {
          const [type, record] = recordOf(records[i]);
          return [id, Object.fromEntries(wanted.map(p => [p.id, record && p.types.includes(type) ? p.values(record) : []]))];
        }),
      );
      const meta = wanted.map(p => ({ id: p.id, name: p.name, ...(p.entity && { type: { id: p.entity, name: p.entity } }) }));
      return void res.json({ meta, rows });
    }
    res.json(manifest(config, req));
  });
  app.get(RECONCILE_PATH, whenReady, service);
  app.post(RECONCILE_PATH, whenReady, service);

  app.get(
    PATHS.preview,
    whenReady,
    route(async (req, res, context) => {
      const id = param(req, "id");
      if (!id) throw new Refusal("id", "give the id of a record, as /reconcile/preview?id=lubelska-medycyna");
      const [type, record] = recordOf(await ask(server, await context(), RECORD_QUERY, { id }, "id"));
      if (!record) return refuse(req, res, 404, ErrorCode.NOT_FOUND, "No cluster or organisation has this id", metrics);
      res.removeHeader("x-frame-options");
      res.setHeader("content-security-policy", PREVIEW_POLICY);
      res.type("html").send(previewPage(type, record));
    }),
  );

  app.get(
    PATHS.suggestEntity,
    whenReady,
    route(async (req, res, context) => {
      const prefix = param(req, "prefix")?.trim() ?? "";
      const types = typesOf(param(req, "type"), "type");
      const cursor = Math.max(0, Math.floor(Number(param(req, "cursor") ?? 0) || 0));
      if (!searchKey(prefix) || cursor >= MAX_HITS) return void res.json({ result: [] });
      const first = Math.min(MAX_HITS, cursor + SUGGESTIONS);
      const variables = { query: prefix, byName: true, first, clusters: types.includes("Cluster"), organisations: types.includes("Organisation"), scheme: "KRS", value: "", byIdentifier: false };
      const search = ((await ask(server, await context(), RECONCILE_QUERY, variables, "prefix")).search ?? {}) as Row;
      const found = [...hitsOf("Cluster", search.clusters), ...hitsOf("Organisation", search.organisations)];
      const ranked = rankCandidates({ text: prefix, countries: [], cities: [], identifiers: [] }, found, first).slice(cursor, cursor + SUGGESTIONS);
      res.json({ result: ranked.map(c => ({ id: c.id, name: c.name, description: c.description, notable: c.type })) });
    }),
  );

  app.get(
    PATHS.suggestType,
    whenReady,
    route(async (req, res) => {
      const prefix = (param(req, "prefix") ?? "").trim().toLowerCase();
      const types = RECONCILE_TYPES.filter(type => type.toLowerCase().includes(prefix));
      res.json({ result: types.map(id => ({ id, name: id, description: TYPE_NAMES[id] })) });
    }),
  );

  app.get(
    PATHS.suggestProperty,
    whenReady,
    route(async (req, res) => {
      const prefix = (param(req, "prefix") ?? "").trim().toLowerCase();
      const types = typesOf(param(req, "type"), "type");
      const found = PROPERTIES.filter(p => p.types.some(t => types.includes(t)) && (p.id.toLowerCase().includes(prefix) || p.name.toLowerCase().includes(prefix)));
      res.json({ result: found.map(p => ({ id: p.id, name: p.name, description: p.description })) });
    }),
  );

  app.get(
    PATHS.propose,
    whenReady,
    route(async (req, res) => {
      const type = param(req, "type");
      if (!type) throw new Refusal("type", `give the type to propose properties for: ${RECONCILE_TYPES.join(" or ")}`);
      const [known] = typesOf(type, "type");
      const limitText = param(req, "limit");
      const limit = limitText === undefined ? PROPERTIES.length : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1) throw new Refusal("limit", "must be a whole number from 1");
      const properties = PROPERTIES.filter(p => p.types.includes(known)).slice(0, limit);
      res.json({ type: known, properties: properties.map(p => ({ id: p.id, name: p.name })), limit });
    }),
  );
}

/** The record an answer of RECORD_QUERY holds, with its type; a cluster first when both have the id. */
function recordOf(data: Row): [ReconcileType, Row | null] {
  if (data.cluster) return ["Cluster", data.cluster as Row];
  return ["Organisation", (data.organisation as Row | null) ?? null];
}
