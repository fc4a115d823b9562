import { Migration } from '@mikro-orm/migrations';

export class Migration20261207014537 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "change_outbox" ("id" bigserial primary key, "txid" xid8 null default pg_current_xact_id(), "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "countries" text[] not null, "after" jsonb null);`);
    this.addSql(`create index "change_outbox_txid_id_index" on "change_outbox" ("txid", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "change_outbox" cascade;`);
  }

}
