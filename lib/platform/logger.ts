import pino from "pino";
import { currentRequestId } from "./request-id";

type LogFields = () => Record<string, string> | undefined;

// More fields for every line: lib/platform/tracing.ts adds the trace and span ids when tracing is on.
let moreFields: LogFields = () => undefined;

/** The one structured logger: a message and key=value fields, one JSON line each. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.SERVICE_NAME ?? "cluster-hub" },
  // Every line written while serving a request names it (and its trace, when tracing is on).
  mixin: () => {
    const requestId = currentRequestId();
    const more = moreFields();
    return requestId ? { requestId, ...more } : { ...more };
  },
});

/** Adds fields to every log line from now on, computed as each line is written. */
export function addLogFields(fields: LogFields): void {
  moreFields = fields;
}
