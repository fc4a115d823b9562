// First: tracing, when on, must be in place before node:http, graphql and pg are loaded.
import { stopTracing } from "../lib/platform/tracing";
import { logger } from "../lib/platform/logger";
import { readGatewayConfig } from "./config";
import { runGateway } from "./gateway";

// Reading the config inside the promise: a bad or missing variable (GATEWAY_SECRET in production) is logged and exits 1.
Promise.resolve()
  .then(() => runGateway(readGatewayConfig()))
  .then(
    running => {
      process.send?.({ type: "ready", url: running.url });
      const shutdown = (signal: string) => {
        logger.info({ signal }, "gateway stopping");
        running.stop().then(stopTracing).then(() => process.exit(0), () => process.exit(1));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
      process.once("disconnect", () => shutdown("disconnect"));
    },
    error => {
      logger.fatal({ err: error }, "gateway failed to start");
      process.exit(1);
    },
  );
