import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Request } from "express";
import { GraphQLError } from "graphql";
import type { Caller } from "../lib/auth";
import { ErrorCode, isDatabaseUnavailable, UnauthenticatedError } from "../lib/errors";
import { currentRequestId } from "../lib/request-id";
import { callerOfKey } from "./partners";

/** What the gateway knows of a request: who sent it (null for a public read) and its id, passed on to the subgraphs. */
export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
  /** Characters of subgraph answers this request has fetched so far (gateway/admission.ts learns from it). */
  fetched?: { chars: number };
}

/** The partner store cannot be reached (PostgreSQL restarting): the key cannot be checked, so the request waits for a retry. */
export class KeyCheckUnavailableError extends GraphQLError {
  constructor() {
    super("The database is unavailable, so the key cannot be checked; try again shortly", {
      // Apollo Server reads headers as a Map; GraphQL Yoga's types (of the explorer package) declare a plain object.
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, http: { status: 503, headers: new Map([["retry-after", "5"]]) } } as never,
    });
  }
}

/** The partner of a key, or null; a database that cannot be reached is a coded 503, not an internal error. */
async function callerOrUnavailable(store: MikroORM, key: string): Promise<Caller | null> {
  try {
    return await callerOfKey(store.em.fork(), key);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new KeyCheckUnavailableError();
    throw error;
  }
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
    const caller = store ? await callerOrUnavailable(store, key) : null;
    if (!caller) throw new UnauthenticatedError("The key is unknown or has been revoked");
    return { caller, requestId };
  };
}
