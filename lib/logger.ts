import pino from "pino";

/** The one structured logger: a message and key=value fields, one JSON line each. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.SERVICE_NAME ?? "cluster-hub" },
});
