import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "./auth";
import { ErrorCode } from "./errors";
import { answerJson } from "./http-json";
import { logger } from "./logger";
import { verifyIdentity } from "./signature";

/**
 * The gate of every subgraph's `/graphql`: a request without a valid gateway signature is refused with 401
 * UNAUTHENTICATED, reads included, so that the gateway is the only way in. Answers the caller the gateway vouches
 * for (`caller: null` for a public read), or `refused` once it has sent the 401.
 */
export function gatewaySignatureCheck(secret: string, subgraph: string) {
  return (req: IncomingMessage, res: ServerResponse): { refused: false; caller: Caller | null } | { refused: true } => {
    const identity = verifyIdentity(secret, name => req.headers[name] as string | undefined);
    if (!identity.ok) {
      logger.warn({ subgraph, problem: identity.problem, remote: req.socket.remoteAddress }, "refused a request without a valid gateway signature");
      answerJson(res, 401, { errors: [{ message: identity.problem, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
      return { refused: true };
    }
    return { refused: false, caller: identity.caller };
  };
}
