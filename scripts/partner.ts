import "reflect-metadata";
import path from "node:path";
import { parseArgs } from "node:util";
import type { MikroORM } from "@mikro-orm/postgresql";
import { Client } from "pg";
import { z } from "zod";
import { port, readConfig } from "../lib/platform/config";
import { ensureDatabase, openDatabase, startEmbeddedPostgres, subgraphDatabaseUrl, type PostgresServer } from "../lib/platform/database";
import { grantRecord } from "../lib/records/grants";
import { COMMAND_LINE, createPartner, issueKey, listKeys, openPartnerStore, Partner, revokeKey } from "../gateway/partners";
import { subscribe } from "../services/feed/webhook/subscribe";
import { loadSubgraph, loadSubgraphs } from "../services/registry";

const USAGE = `Usage:
  npm run partner:create -- --name "Podlaska Fundacja Rozwoju Regionalnego" [--id pfrr] [--admin]
  npm run partner:key    -- --partner P          another key for a partner (e.g. to rotate)
  npm run partner:keys   -- --partner P          list a partner's keys
  npm run partner:revoke -- --key-id K           revoke a key
  npm run partner:grant  -- --partner P --entity Cluster --id X   let P change a record it does not own
  npm run partner:webhook -- --partner P --url https://example.org/hook [--types Cluster,Organisation] [--countries PL,UA]
                                                 a webhook for P's changes; prints its signing secret once`;

const configSchema = z.object({
  DATABASE_URL: z.string().url("must be a postgres:// URL of the PostgreSQL server the graph runs on").optional(),
  PG_DATA_DIR: z.string().default(path.resolve(__dirname, "../.data/postgres")),
  PG_PORT: port(54329),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).default("false"),
});

/** The graph's PostgreSQL server: DATABASE_URL, the embedded one `npm start` runs, or that one started for this command. */
async function server(config: z.infer<typeof configSchema>): Promise<{ url: string; stop(): Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  const url = `postgres://postgres:postgres@127.0.0.1:${config.PG_PORT}/postgres`;
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return { url, stop: async () => {} };
  } catch {
    const embedded: PostgresServer = await startEmbeddedPostgres({ dataDir: config.PG_DATA_DIR, port: config.PG_PORT });
    return embedded;
  }
}

/** Runs one partner command against the gateway's database (and, for grants, the database of the record's subgraph). */
export async function partnerCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      id: { type: "string" },
      admin: { type: "boolean" },
      partner: { type: "string" },
      "key-id": { type: "string" },
      entity: { type: "string" },
      url: { type: "string" },
      types: { type: "string" },
      countries: { type: "string" },
    },
  });
  const need = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== "string" || !value) throw new Error(`--${name} is missing\n${USAGE}`);
    return value;
  };
  const config = readConfig(configSchema, env);
  const pg = await server(config);
  let store: MikroORM | null = null;
  try {
    store = await openPartnerStore(subgraphDatabaseUrl(pg.url, "gateway"));
    const em = store.em.fork();
    const partner = async () => {
      const id = need("partner");
      if (!(await em.findOne(Partner, { id }))) throw new Error(`No partner "${id}"`);
      return id;
    };
    switch (command) {
      case "create": {
        const { partner: created, keyId, key } = await createPartner(em, { name: need("name"), id: values.id, admin: values.admin });
        return `partner ${created.id}${created.admin ? " (administrator)" : ""}\nkey id  ${keyId}\nkey     ${key}\nKeep the key now: only its hash is stored, it cannot be shown again.`;
      }
      case "key": {
        const { keyId, key } = await issueKey(em, await partner());
        return `key id  ${keyId}\nkey     ${key}\nKeep the key now: only its hash is stored, it cannot be shown again.`;
      }
      case "keys": {
        const keys = await listKeys(em, await partner());
        return keys.map(k => `${k.keyId}  created ${k.createdAt}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active"}`).join("\n") || "no keys";
      }
      case "revoke": {
        const keyId = need("key-id");
        if (!(await revokeKey(em, keyId))) throw new Error(`No key "${keyId}"`);
        return `revoked ${keyId}`;
      }
      case "grant": {
        const partnerId = await partner();
        const entity = need("entity");
        const recordId = need("id");
        const owner = (await loadSubgraphs()).find(s => (s.entities as { name?: string }[]).some(e => e.name === entity));
        if (!owner) throw new Error(`No subgraph owns an entity "${entity}"`);
        const { orm } = await openDatabase({ databaseUrl: subgraphDatabaseUrl(pg.url, owner.name), entities: owner.entities, migrations: owner.migrations });
        try {
          await orm.getMigrator().up();
          await grantRecord(orm.em.fork(), COMMAND_LINE, { entity, name: entity, recordId, partnerId }).catch((error: Error) => {
            throw new Error(`${error.message} in the ${owner.name} subgraph`);
          });
        } finally {
          await orm.close();
        }
        return `granted ${partnerId} the right to change ${entity} ${recordId}`;
      }
      case "webhook": {
        const partnerId = await partner();
        const list = (text: string | undefined) => (text ?? "").split(",").map(item => item.trim()).filter(Boolean);
        const feed = await loadSubgraph("feed");
        const databaseUrl = subgraphDatabaseUrl(pg.url, "feed");
        await ensureDatabase(databaseUrl);
        const { orm } = await openDatabase({ databaseUrl, entities: feed.entities, migrations: feed.migrations });
        try {
          await orm.getMigrator().up();
          const input = { url: need("url"), types: list(values.types), countries: list(values.countries) };
          const { subscription, secret } = await subscribe(orm.em.fork(), partnerId, input, config.WEBHOOK_ALLOW_PRIVATE_URLS === "true");
          const follows = [subscription.types.join(",") || "every type", subscription.countries.join(",") || "every country"].join(" in ");
          return `webhook ${subscription.id}\nurl     ${subscription.url}\nfollows ${follows}\nsecret  ${secret}\nKeep the secret now: it signs every delivery and is never shown again.`;
        } finally {
          await orm.close();
        }
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await store?.close();
    await pg.stop();
  }
}

if (require.main === module) {
  partnerCommand(process.argv[2] ?? "", process.argv.slice(3)).then(
    output => console.log(output),
    error => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
