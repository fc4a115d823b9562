import { z } from "zod";

/** Validates the environment against a schema and fails with every bad variable named. */
export function readConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(issue => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const onOff = (fallback: "on" | "off") => z.enum(["on", "off"]).default(fallback);

/** The secret the gateway signs subgraph requests with; unset in development, a generated one in `.data/` is used. */
export const gatewaySecretConfig = {
  GATEWAY_SECRET: z.string().min(32, "must be at least 32 characters of random text").optional(),
};

/** What every subgraph process reads: its port, its database and whether to load the sample data. */
export const subgraphConfigSchema = (defaultPort: number) =>
  z.object({
    PORT: port(defaultPort),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z.string().url("must be a postgres:// URL of the subgraph's own database"),
    SAMPLE_DATA: onOff("on"),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    ...gatewaySecretConfig,
    // Seconds a read may be cached (Cache-Control max-age of every answer); 0 turns the gateway's response cache off.
    CACHE_MAX_AGE: z.coerce.number().int().min(0).default(60),
  });

export type SubgraphConfig = z.infer<ReturnType<typeof subgraphConfigSchema>>;
