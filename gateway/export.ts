import type { ApolloServer } from "@apollo/server";
import express, { type Request, type Response } from "express";
import { getOperationAST, GraphQLError, parse } from "graphql";
import { logger } from "../lib/logger";
import type { GatewayContext } from "./identity";

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

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

const FORMATS = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson; charset=utf-8" } as const;

/** Writes rows to the response a chunk at a time, waiting for the socket to drain: large answers don't pile up in memory twice. */
async function writeRows(res: Response, lines: Iterable<string>) {
  for (const line of lines) {
    if (!res.write(line)) await new Promise(resolve => res.once("drain", resolve));
  }
  res.end();
}

/**
 * `POST /export?format=csv|ndjson` with `{ query, variables }`: runs the query through the gateway itself (same
 * plan, same errors, same masking) and streams its first list flattened, one record per line.
 */
export function exportHandler(server: ApolloServer<GatewayContext>, context: (args: { req: Request }) => Promise<GatewayContext>) {
  const router = express.Router();
  router.post("/export", express.json({ limit: "1mb" }), async (req: Request, res: Response) => {
    const format = String(req.query.format ?? "csv");
    if (!(format in FORMATS)) {
      res.status(400).json({ errors: [{ message: `Invalid value for "format": must be csv or ndjson, got "${format}"`, extensions: { code: "BAD_USER_INPUT", argument: "format" } }] });
      return;
    }
    const { query, variables, operationName } = (req.body ?? {}) as { query?: unknown; variables?: Record<string, unknown>; operationName?: string };
    if (typeof query !== "string" || !query.trim()) {
      res.status(400).json({ errors: [{ message: 'Invalid value for "query": the body must be JSON with a GraphQL "query"', extensions: { code: "BAD_USER_INPUT", argument: "query" } }] });
      return;
    }
    // Export is for reads: a write goes through /graphql, under its CSRF and body rules.
    const operation = (() => {
      try {
        return getOperationAST(parse(query), operationName);
      } catch {
        return null;
      }
    })();
    if (operation && operation.operation !== "query") {
      res.status(405).json({ errors: [{ message: `Only queries can be exported, not a ${operation.operation}`, extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    let contextValue: GatewayContext;
    try {
      contextValue = await context({ req });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      res.status(Number((error.extensions.http as { status?: number } | undefined)?.status ?? 401)).json({ errors: [error.toJSON()] });
      return;
    }
    const response = await server.executeOperation({ query, variables, operationName }, { contextValue });
    if (response.body.kind !== "single") {
      res.status(400).json({ errors: [{ message: "Incremental delivery cannot be exported", extensions: { code: "BAD_USER_INPUT" } }] });
      return;
    }
    const { data, errors } = response.body.singleResult;
    const list = firstList(data);
    if (errors?.length || !list) {
      res.status(errors?.length ? (response.http.status ?? 400) : 400).json({
        errors: errors ?? [{ message: "The answer holds no list to export; ask for a list such as clusters { nodes { ... } }", extensions: { code: "BAD_USER_INPUT" } }],
      });
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
      for (const row of rows) yield `${columns.map(column => csvField(scalar(row[column]))).join(",")}\r\n`;
    })());
  });
  return router;
}
