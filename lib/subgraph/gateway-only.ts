import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../platform/auth";
import { ErrorCode } from "../platform/errors";
import { answerJson } from "../platform/http-json";
import { ExpiringSet } from "../platform/expiring-set";
import { logger } from "../platform/logger";
import { bodyMatchesDigest, MAX_SKEW_MS, SignatureProblem, verifySubgraphRequest, type VerifyingKey } from "../platform/signature";

// Nonces one subgraph process remembers at most (about 100 bytes each, 25 MB): more than a minute of its requests at
// the rates the bench reaches. Past it, a read could be replayed to this replica; a mutation's nonce is in PostgreSQL.
const MAX_REMEMBERED_NONCES = 250_000;

/** A request the gateway vouches for: who asks, and the nonce a mutation must still record (lib/subgraph/subgraph-server.ts). */
export interface SignedRequest {
  caller: Caller | null;
  nonce: string | null;
  expiresAt: number;
  contentDigest: string | null;
}

/** Writes the 401 of a refused signature, with the reason as a code of its own. */
export function refuseSignature(res: ServerResponse, subgraph: string, reason: SignatureProblem, problem: string, req: IncomingMessage): void {
  logger.warn({ subgraph, reason, problem, remote: req.socket.remoteAddress }, "refused a request without a valid gateway signature");
  answerJson(res, 401, { errors: [{ message: problem, extensions: { code: ErrorCode.UNAUTHENTICATED, reason } }] });
}

/**
 * The gate of every subgraph's `/graphql`: a request without a valid RFC 9421 gateway signature is refused with 401
 * UNAUTHENTICATED, reads included, so that the gateway is the only way in. `headers` judges the signature before the
 * body is read; `body` then checks the body against the signed Content-Digest and that this replica has not seen the
 * nonce. A replayed mutation sent to another replica is caught by the nonce PostgreSQL records (lib/subgraph/nonces.ts).
 */
export function gatewaySignatureCheck(options: { keys: VerifyingKey[]; subgraph: string; ownUrl: () => string; allowWithoutNonce: boolean }) {
  // The nonces this process let through, until their signature expires: a replay to the same replica is refused without
  // SQL. Bounded: past MAX_REMEMBERED_NONCES the oldest go first (a mutation's nonce is also in PostgreSQL).
  const memory = new ExpiringSet(MAX_REMEMBERED_NONCES, MAX_SKEW_MS);
  return {
    headers(req: IncomingMessage, res: ServerResponse): { refused: true } | ({ refused: false } & SignedRequest) {
      const identity = verifySubgraphRequest(
        options.keys,
        { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers },
        { ownUrl: options.ownUrl(), allowWithoutNonce: options.allowWithoutNonce },
      );
      if (!identity.ok) {
        refuseSignature(res, options.subgraph, identity.reason, identity.problem, req);
        return { refused: true };
      }
      return { refused: false, caller: identity.caller, nonce: identity.nonce, expiresAt: identity.expiresAt, contentDigest: identity.contentDigest };
    },

    /** False once it has sent the 401 for a body that is not the signed one, or a nonce this replica has seen. */
    body(signed: SignedRequest, raw: Buffer | undefined, req: IncomingMessage, res: ServerResponse): boolean {
      if (signed.contentDigest !== null && !bodyMatchesDigest(signed.contentDigest, raw ?? Buffer.alloc(0))) {
        refuseSignature(res, options.subgraph, SignatureProblem.DIGEST_MISMATCH, "Subgraphs answer only the gateway: the body is not the one the gateway signed (Content-Digest)", req);
        return false;
      }
      if (signed.nonce !== null && !memory.addIfNew(signed.nonce, signed.expiresAt)) {
        refuseSignature(res, options.subgraph, SignatureProblem.REPLAYED, "Subgraphs answer only the gateway: this signed request was replayed (its nonce was seen already)", req);
        return false;
      }
      return true;
    },
  };
}
