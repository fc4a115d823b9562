import type { NextFunction, Request, Response } from "express";
import type { Caller } from "./auth";
import { ErrorCode } from "./errors";
import { logger } from "./logger";
import { verifyIdentity } from "./signature";

/**
 * Express middleware of every subgraph's `/graphql`: a request without a valid gateway signature is refused with
 * 401 UNAUTHENTICATED, reads included, so that the gateway is the only way in. The verified caller goes to `res.locals`.
 */
export function requireGatewaySignature(secret: string, subgraph: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const identity = verifyIdentity(secret, name => req.get(name));
    if (!identity.ok) {
      logger.warn({ subgraph, problem: identity.problem, remote: req.socket.remoteAddress }, "refused a request without a valid gateway signature");
      res.status(401).json({ errors: [{ message: identity.problem, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
      return;
    }
    res.locals.caller = identity.caller;
    res.locals.requestId = identity.requestId;
    next();
  };
}

/** The caller `requireGatewaySignature` verified for this request. */
export const verifiedCaller = (res: Response): Caller | null => (res.locals.caller as Caller | null | undefined) ?? null;
