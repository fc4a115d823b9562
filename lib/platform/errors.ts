import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { codesFrom, codesWhere } from "./error-codes";
import { logger } from "./logger";
import { currentRequestId } from "./request-id";

/** The codes the subgraphs' errors carry in `extensions.code` (the catalogue's "graph" codes, lib/platform/error-codes.ts). */
export const ErrorCode = codesFrom("graph");
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes Apollo Server gives a request it cannot run (the catalogue's "apollo" codes). */
export const ApolloCode = codesFrom("apollo");

/** Input the caller can fix: names the argument or field at fault. */
export class BadUserInputError extends GraphQLError {
  constructor(argument: string, problem: string) {
    super(`Invalid value for "${argument}": ${problem}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
    });
  }
}

/** A write or lookup that names a record the graph does not hold. */
export class NotFoundError extends GraphQLError {
  constructor(entity: string, id: string) {
    super(`No ${entity} with id "${id}"`, { extensions: { code: ErrorCode.NOT_FOUND, entity, id } });
  }
}

/** Codes that are safe to show a client as they are (`shown` in the catalogue); anything else is masked. */
export const PUBLIC_CODES = new Set<string>(codesWhere(info => info.shown === true));

// PostgreSQL gone or restarting: connection refused or reset, admin shutdown, cannot connect now, connection failures.
const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
const CONNECTION_MESSAGES = /Connection terminated|connection error|Knex: Timeout acquiring a connection|server closed the connection/i;

/** Whether an error, or one it wraps, says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 8; depth++) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if ((typeof code === "string" && CONNECTION_CODES.has(code)) || (typeof message === "string" && CONNECTION_MESSAGES.test(message))) return true;
    cause = (cause as { originalError?: unknown; cause?: unknown }).originalError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Hides everything a client should not see: only coded, public errors keep their message. Adds the request id. */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? "");
  const requestId = currentRequestId();
  if (PUBLIC_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, requestId } };
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, path: formatted.path }, "database unavailable");
    return {
      message: "The database is unavailable; try again shortly",
      path: formatted.path,
      extensions: { code: ErrorCode.DATABASE_UNAVAILABLE, requestId },
    };
  }
  logger.error({ err: error, path: formatted.path }, "request failed");
  return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } };
}

/** A write without a partner key, or a request to a subgraph that did not come through the gateway. */
export class UnauthenticatedError extends GraphQLError {
  constructor(problem: string) {
    super(problem, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
  }
}

/** A write to a record the caller neither owns nor has been granted. */
export class ForbiddenError extends GraphQLError {
  constructor(entity: string, id: string, partnerId: string) {
    super(`Partner "${partnerId}" may not change ${entity} "${id}": it neither owns it nor has a grant for it`, {
      extensions: { code: ErrorCode.FORBIDDEN, entity, id },
    });
  }
}

/** A write that lost a race or was based on an old version of the record. */
export class ConflictError extends GraphQLError {
  constructor(entity: string, id: string, problem: string) {
    super(`${entity} "${id}" ${problem}`, { extensions: { code: ErrorCode.CONFLICT, entity, id } });
  }
}

// A unique key taken by a concurrent write (23505), and a transaction PostgreSQL gave up for another (40001, 40P01).
const RACE_CODES = new Set(["23505", "40001", "40P01"]);

/** Whether an error, or one it wraps, says the write lost a race with another write to the same rows. */
export function isLostRace(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 8; depth++) {
    const { code } = cause as { code?: unknown };
    if (typeof code === "string" && RACE_CODES.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause ?? (cause as { previous?: unknown }).previous;
  }
  return false;
}

/** A request only an administrator may make: creating partners, granting records, another partner's keys. */
export class AdminOnlyError extends GraphQLError {
  constructor(what: string) {
    super(`Only an administrator may ${what}`, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}
