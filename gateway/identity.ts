import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Request } from "express";
import type { Caller } from "../lib/auth";
import { UnauthenticatedError } from "../lib/errors";
import { currentRequestId } from "../lib/request-id";
import { callerOfKey } from "./partners";

/** What the gateway knows of a request: who sent it (null for a public read) and its id, passed on to the subgraphs. */
export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
}

/**
 * The gateway's context function: no `Authorization` header is a public read; `Bearer <key>` must be a live key of a
 * partner, or the request is refused with UNAUTHENTICATED before any subgraph is asked.
 */
export function identify(store: MikroORM | null) {
  return async ({ req }: { req: Request }): Promise<GatewayContext> => {
    const requestId = currentRequestId() ?? randomUUID();
    const authorization = req.get("authorization");
    if (!authorization) return { caller: null, requestId };
    const key = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!key) throw new UnauthenticatedError("The Authorization header must be `Bearer <key>`");
    const caller = store ? await callerOfKey(store.em.fork(), key) : null;
    if (!caller) throw new UnauthenticatedError("The key is unknown or has been revoked");
    return { caller, requestId };
  };
}
