import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { Counter } from "prom-client";
import type { Caller } from "../lib/platform/auth";
import { ErrorCode, isDatabaseUnavailable } from "../lib/platform/errors";
import { ExpiringSet } from "../lib/platform/expiring-set";
import { currentRequestId } from "../lib/platform/request-id";
import type { GatewayMetrics } from "./metrics";
import type { ExportedOperation } from "./network";
import { callerOfKey, hashKey } from "./partners";

/** What the gateway knows of a request: who sent it (null for a public read) and its id, passed on to the subgraphs. */
export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
  /** Characters of subgraph answers this request has fetched so far (gateway/admission.ts learns from it). */
  fetched?: { chars: number };
  /** Set by POST /export, which serves reads only (gateway/export.ts), and filled with the operation it ran. */
  exporting?: ExportedOperation;
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

// Keys looked up and not found (unknown or revoked), by SHA-256: 4096 hashes are about 600 KB. They need no clearing when a
// key is made: issueKey draws 256 random bits, so no one can have tried a key before it existed, and a revoked key stays revoked.
const UNKNOWN_KEYS = 4096;
const UNKNOWN_KEY_TTL_MS = 60_000;
// Keys found valid lately: their lookups are charged to the key, not to the address (see `KeyCheck.classify`).
const VALID_KEYS = 4096;
const VALID_KEY_TTL_MS = 60 * 60_000;

/** What an Authorization header is before any lookup. */
export type Credentials =
  | { kind: "anonymous" }
  | { kind: "malformed" }
  | { kind: "unknown"; hash: string }
  | { kind: "key"; key: string; hash: string; seenValid: boolean };

/**
 * The gateway's key check: one indexed lookup in the partner store per keyed request (so a revocation holds from the next
 * request on), remembering briefly which keys were not found so that a repeated made-up key costs no lookup at all.
 */
export class KeyCheck {
  private readonly unknown = new ExpiringSet(UNKNOWN_KEYS, UNKNOWN_KEY_TTL_MS);
  private readonly valid = new ExpiringSet(VALID_KEYS, VALID_KEY_TTL_MS);
  private readonly lookups?: Counter<"outcome">;

  constructor(
    private readonly store: MikroORM | null,
    metrics?: GatewayMetrics,
  ) {
    this.lookups =
      metrics &&
      new Counter({
        name: "clusterhub_gateway_key_lookups_total",
        help: "API keys looked up in the partner store, by outcome (found, unknown: not there or revoked).",
        labelNames: ["outcome"],
        registers: [metrics.registry],
      });
  }

  /** Reads the Authorization header: no header, not `Bearer <key>`, a key known to be unknown, or a key to look up. */
  classify(authorization: string | undefined): Credentials {
    if (!authorization) return { kind: "anonymous" };
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (!key) return { kind: "malformed" };
    const hash = hashKey(key);
    if (this.unknown.has(hash)) return { kind: "unknown", hash };
    return { kind: "key", key, hash, seenValid: this.valid.has(hash) };
  }

  /** The partner of a key, or null (remembered as unknown); a database that cannot be reached is a coded 503. */
  async lookUp(key: string, hash = hashKey(key)): Promise<Caller | null> {
    let caller: Caller | null = null;
    if (this.store) {
      try {
        caller = await callerOfKey(this.store.em.fork(), key);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw new KeyCheckUnavailableError();
        throw error;
      }
      this.lookups?.inc({ outcome: caller ? "found" : "unknown" });
    }
    if (caller) this.valid.add(hash);
    else {
      this.valid.delete(hash);
      this.unknown.add(hash);
    }
    return caller;
  }
}

/** Where the front door leaves the caller it identified, for the GraphQL context and /export. */
export const callerOfResponse = (res: Response): Caller | null => (res.locals.caller as Caller | null | undefined) ?? null;

/** The gateway's context function: the caller the front door identified (gateway/front-door.ts), and the request id. */
export function gatewayContext({ res }: { req: Request; res: Response }): Promise<GatewayContext> {
  return Promise.resolve({ caller: callerOfResponse(res), requestId: currentRequestId() ?? randomUUID() });
}
