import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The header that carries a request's id from the client to the gateway and from the gateway to every subgraph. */
export const REQUEST_ID_HEADER = "x-request-id";

// Letters, digits and a few separators, at most 128 characters: anything else could forge or flood log lines.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request being served, wherever in its async work this runs; undefined outside a request. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** Takes a sane client-sent id, or makes one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const sent = Array.isArray(header) ? header[0] : header;
  return sent && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/**
 * Gives a request its id (a sane one the client sent, or a new one), echoes it in the response and runs `next`, the
 * rest of the request, with it: the subgraphs' HTTP handler calls it, the gateway uses it as express middleware.
 */
export function withRequestId(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  storage.run({ requestId }, next);
}

/** Express middleware: `withRequestId` for every request of the app. */
export const requestIdMiddleware = () => withRequestId;
