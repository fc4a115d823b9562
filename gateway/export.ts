import type { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { logger } from "../lib/platform/logger";
import { DoorCode } from "./errors";
import { badInput } from "./http";
import { gatewayContext, type GatewayContext } from "./identity";
import { gexfOf, graphmlOf, networkOf, type ExportedOperation } from "./network";

type Row = Record<string, unknown>;

/** The first list in a GraphQL answer, depth-first in field order: `nodes` of a connection, a list field, ... */
export function firstList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value === null || typeof value !== "object") return null;
  for (const nested of Object.values(value)) {
    const list = firstList(nested);
    if (list) return list;
  }
  return null;
}

const scalar = (value: unknown): string => (value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** Flattens one record: nested objects become dotted columns, lists are joined with "; " (column by column); scalars keep their JSON type. */
export function flatten(value: unknown, prefix = "", row: Row = {}): Row {
  if (Array.isArray(value)) {
    const items = value.map(item => flatten(item, prefix));
    const columns = [...new Set(items.flatMap(item => Object.keys(item)))];
    if (!columns.length && prefix) row[prefix] = "";
    for (const column of columns) row[column] = items.map(item => scalar(item[column])).filter(text => text !== "").join("; ");
  } else if (value !== null && typeof value === "object") {
    for (const [key, nested] of Object.entries(value)) flatten(nested, prefix ? `${prefix}.${key}` : key, row);
  } else {
    row[prefix || "value"] = value ?? null;
  }
  return row;
}

// A cell that starts with one of these is a formula to a spreadsheet (OWASP "CSV Injection"): =, +, -, @, tab, carriage return.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text a spreadsheet would run as a formula
 * is neutralised as OWASP recommends, with a leading `'`, and quoted; a number (JSON type) is a value, never a formula.
 */
export function csvField(value: unknown): string {
  const text = scalar(value);
  if (typeof value !== "number" && FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const FORMATS = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
  geojson: "application/geo+json",
  gexf: "application/gexf+xml; charset=utf-8",
  graphml: "application/graphml+xml; charset=utf-8",
} as const;
// GEXF is written whole by graphology-gexf, then sent in pieces of this many characters as the socket drains.
const PIECE = 64 * 1024;

/** A GeoJSON Feature (RFC 7946 section 3.2): a Point at [longitude, latitude], the record's fields flattened as properties. */
export interface PointFeature {
  type: "Feature";
  id?: string | number;
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: Row;
}

const inRange = (value: unknown, limit: number): value is number => typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= limit;

/**
 * The features of the listed records that have a location: each record's `location { latitude longitude }` becomes its
 * Point; a record whose location is null (no country, or not selected as a whole) is left out. Null when the query
 * selects no `location` with both coordinates on the records, which a map could not use.
 */
export function pointFeatures(list: unknown[]): PointFeature[] | null {
  const records = list.filter((item): item is Row => item !== null && typeof item === "object" && !Array.isArray(item));
  const located = records.filter(record => record.location != null);
  if (records.length && !records.some(record => "location" in record)) return null;
  if (located.some(record => { const location = record.location as Row; return !("latitude" in location) || !("longitude" in location); })) return null;
  return located.flatMap(record => {
    const { latitude, longitude } = record.location as Row;
    // Out of range would be invalid GeoJSON (RFC 7946 section 4); the graph's own points never are, a partner's might.
    if (!inRange(latitude, 90) || !inRange(longitude, 180)) return [];
    const id = typeof record.id === "string" || typeof record.id === "number" ? { id: record.id } : {};
    return [{ type: "Feature" as const, ...id, geometry: { type: "Point" as const, coordinates: [longitude, latitude] as [number, number] }, properties: flatten(record) }];
  });
}

function drainedOrClosed(res: Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Writes rows to the response a chunk at a time, waiting for the socket to drain: large answers don't pile up in memory twice. */
async function writeRows(res: Response, lines: Iterable<string>) {
  for (const line of lines) {
    if (res.destroyed) return;
    // A client that goes away while the socket is full would leave this waiting for "drain" forever, rows and all.
    if (!res.write(line)) await drainedOrClosed(res);
  }
  res.end();
}

/** Export serves reads: a mutation goes through /graphql. Refused once Apollo has parsed the document, so it is parsed once. */
export const exportReadsOnly: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    if (!contextValue.exporting) return;
    return {
      async didResolveOperation({ document, operation, schema }) {
        // The network formats read the answer by the types of what the operation selected (gateway/network.ts).
        Object.assign(contextValue.exporting!, { document, operation, schema });
        if (operation && operation.operation !== "query") {
          throw new GraphQLError(`Only queries can be exported, not a ${operation.operation}`, { extensions: { code: DoorCode.BAD_REQUEST, http: { status: 405 } } });
        }
      },
    };
  },
};

/**
 * `POST /export?format=csv|ndjson|geojson|gexf|graphml` with `{ query, variables }`: runs the query through the gateway's
 * Apollo server itself (same limits, plan, errors and masking; the front door has checked its body and tokens) and streams
 * its first list flattened, one record per line; GeoJSON is a FeatureCollection (RFC 7946) of the records that have a
 * location; GEXF and GraphML are the network of the clusters, organisations and partnerships in the whole answer.
 */
export function exportHandler(server: ApolloServer<GatewayContext>) {
  return async function exportRows(req: Request, res: Response) {
    const format = String(req.query.format ?? "csv");
    if (!(format in FORMATS)) return badInput(res, "format", `must be csv, ndjson, geojson, gexf or graphml, got "${format.slice(0, 20)}"`);
    const body: unknown = req.body;
    if (body === null || typeof body !== "object" || Array.isArray(body)) return badInput(res, "query", 'the body must be one JSON object with a GraphQL "query"');
    const { query, variables, operationName } = body as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof query !== "string" || !query.trim()) return badInput(res, "query", 'the body must be JSON with a GraphQL "query"');
    if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) return badInput(res, "variables", "must be a JSON object");
    if (operationName != null && typeof operationName !== "string") return badInput(res, "operationName", "must be a string");

    const exporting: ExportedOperation = {};
    const contextValue: GatewayContext = { ...(await gatewayContext({ req, res })), exporting };
    const response = await server.executeOperation(
      { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined },
      { contextValue },
    );
    if (response.body.kind !== "single") return badInput(res, "query", "incremental delivery (@defer, @stream) cannot be exported");
    const { data, errors } = response.body.singleResult;
    if (errors?.length) return void res.status(response.http.status ?? 400).json({ errors });
    if (format === "gexf" || format === "graphml") {
      const network = networkOf(data, exporting);
      if (!network.order) return badInput(res, "query", "the answer holds no cluster, organisation or partnership with its id; select `id` on them, e.g. clusters { nodes { id name memberships { organisation { id name } } } }");
      logger.info({ format, nodes: network.order, edges: network.size }, "export");
      res.status(200).type(FORMATS[format]);
      res.setHeader("content-disposition", `attachment; filename="network.${format}"`);
      if (format === "graphml") return writeRows(res, graphmlOf(network));
      const gexf = gexfOf(network);
      return writeRows(res, (function* () { for (let at = 0; at < gexf.length; at += PIECE) yield gexf.slice(at, at + PIECE); })());
    }
    const list = firstList(data);
    if (!list) return badInput(res, "query", "the answer holds no list to export; ask for a list such as clusters { nodes { ... } }");
    if (format === "geojson") {
      const features = pointFeatures(list);
      if (!features) return badInput(res, "query", "GeoJSON needs the point of each record: select `location { latitude longitude }` on the listed records");
      logger.info({ format, rows: list.length, features: features.length }, "export");
      res.status(200).type(FORMATS.geojson);
      res.setHeader("content-disposition", 'attachment; filename="export.geojson"');
      await writeRows(res, (function* () {
        yield '{"type":"FeatureCollection","features":[';
        for (const [i, feature] of features.entries()) yield `${i ? "," : ""}\n${JSON.stringify(feature)}`;
        yield "\n]}\n";
      })());
      return;
    }
    const rows = list.map(item => flatten(item));
    logger.info({ format, rows: rows.length }, "export");
    res.status(200).type(FORMATS[format as keyof typeof FORMATS]);
    res.setHeader("content-disposition", `attachment; filename="export.${format}"`);
    if (format === "ndjson") {
      await writeRows(res, (function* () { for (const row of rows) yield `${JSON.stringify(row)}\n`; })());
      return;
    }
    const columns = [...new Set(rows.flatMap(row => Object.keys(row)))];
    await writeRows(res, (function* () {
      yield `${columns.map(csvField).join(",")}\r\n`;
      for (const row of rows) yield `${columns.map(column => csvField(row[column])).join(",")}\r\n`;
    })());
  };
}
