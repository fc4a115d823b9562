import pino from "pino";
import { currentRequestId } from "./request-id";

/** The one structured logger: a message and key=value fields, one JSON line each. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.SERVICE_NAME ?? "cluster-hub" },
  // Every line written while serving a request names it.
  mixin: () => {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
});
