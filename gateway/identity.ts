import { randomUUID } from "node:crypto";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Request } from "express";
import type { Caller } from "../lib/auth";
import { UnauthenticatedError } from "../lib/errors";
import { signIdentity } from "../lib/signature";
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
    const requestId = req.get("x-request-id") ?? randomUUID();
    const authorization = req.get("authorization");
    if (!authorization) return { caller: null, requestId };
    const key = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!key) throw new UnauthenticatedError("The Authorization header must be `Bearer <key>`");
    const caller = store ? await callerOfKey(store.em.fork(), key) : null;
    if (!caller) throw new UnauthenticatedError("The key is unknown or has been revoked");
    return { caller, requestId };
  };
}

/** A subgraph client that signs every request with the caller's identity, so that the subgraph knows it came through the gateway. */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(options: { url?: string; secret: string }) {
    super({ url: options.url });
    this.secret = options.secret;
  }

  private readonly secret: string;

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Composition's own requests (`_service { sdl }`) carry no request context: they are signed as nobody's.
    const ctx = context as Partial<GatewayContext>;
    const headers = signIdentity(this.secret, ctx.caller ?? null, ctx.requestId ?? randomUUID());
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }
}
