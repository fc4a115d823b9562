import type { MigrationObject } from "@mikro-orm/core";
import { Migration } from "@mikro-orm/migrations";
import type { MikroORM } from "@mikro-orm/postgresql";

/** Creates `request_nonce` in every subgraph's database: lib code, so the events subgraph and scaffolded ones get it too. */
class CreateRequestNonce extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table if not exists "request_nonce" ("nonce" text not null, "expires_at" timestamptz not null, constraint "request_nonce_pkey" primary key ("nonce"));`);
    this.addSql(`create index if not exists "request_nonce_expires_at_index" on "request_nonce" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "request_nonce";`);
  }
}

/** The migrations lib/subgraph/subgraph-server.ts runs after a subgraph's own (named so that they sort after today's). */
export const sharedMigrations: MigrationObject[] = [{ name: "Migration20261204190000_request_nonce", class: CreateRequestNonce }];

/**
 * Records a mutation's nonce in the subgraph's PostgreSQL, shared by its replicas: true if it was new, false for a
 * replay. One statement, which also deletes the expired nonces (an index on `expires_at` keeps that cheap).
 */
export async function recordNonce(orm: MikroORM, nonce: string, expiresAt: number, now = Date.now()): Promise<boolean> {
  const rows = await orm.em.getConnection().execute<{ nonce: string }[]>(
    `with expired as (delete from request_nonce where expires_at < ?) insert into request_nonce (nonce, expires_at) values (?, ?) on conflict do nothing returning nonce`,
    [new Date(now), nonce, new Date(expiresAt)],
  );
  return rows.length === 1;
}
