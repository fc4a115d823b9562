import type { GraphQLFormattedError } from "graphql";
import { codesOf } from "../lib/platform/error-codes";
import { maskError } from "../lib/platform/errors";
import { currentRequestId } from "../lib/platform/request-id";
import { SubgraphErrorCode } from "./data-source";
import { LimitCode, limitCodeOf } from "./limits";

/** The codes of what the front door (gateway/front-door.ts) answers outside GraphQL, beside the limits' codes. */
export const DoorCode = codesOf("BAD_REQUEST", "NOT_FOUND", "UNSUPPORTED_MEDIA_TYPE", "NOT_READY", "INTERNAL_SERVER_ERROR", "JSONP_NOT_SUPPORTED", "CSRF_TOKEN_INVALID");
export type DoorCode = (typeof DoorCode)[keyof typeof DoorCode];

const GATEWAY_CODES = new Set<string>([...Object.values(LimitCode), ...Object.values(SubgraphErrorCode)]);

/** The gateway's formatError: its own refusals and subgraph faults keep their code and message; the rest is masked. */
export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = limitCodeOf(error) ?? String(formatted.extensions?.code ?? "");
  if (GATEWAY_CODES.has(code)) {
    const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code, requestId: currentRequestId() } };
  }
  return maskError(formatted, error);
}
