import path from "node:path";
import { z } from "zod";
import { port, readConfig } from "../lib/config";
import { SUBGRAPHS } from "../lib/database";

/** The variable that points the gateway at a subgraph somewhere other than the supergraph file says. */
export const subgraphUrlVariable = (subgraph: string) => `${subgraph.toUpperCase()}_URL`;

/** The variables the gateway reads. */
export const gatewayEnvSchema = z.object({
    PORT: port(4000),
    HOST: z.string().default("127.0.0.1"),
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, "../schema/supergraph.graphql")),
    // `file`: serve the checked-in supergraph (production); `live`: compose from the running subgraphs (development).
    SUPERGRAPH_SOURCE: z.enum(["file", "live"]).default("file"),
    // Where the response cache keeps answers; in memory when unset.
    REDIS_URL: z.string().url().optional(),
    ...Object.fromEntries(SUBGRAPHS.map(name => [subgraphUrlVariable(name), z.string().url().optional()])),
});

const gatewayConfigSchema = gatewayEnvSchema.transform(env => ({
    ...env,
    /** Subgraph URLs the environment sets, by subgraph name; the rest come from the supergraph. */
    subgraphUrls: Object.fromEntries(
      SUBGRAPHS.flatMap(name => {
        const url = (env as Record<string, unknown>)[subgraphUrlVariable(name)];
        return typeof url === "string" ? [[name, url]] : [];
      }),
    ) as Record<string, string>,
  }));

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Reads and checks the gateway's environment. */
export const readGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => readConfig(gatewayConfigSchema, env);
