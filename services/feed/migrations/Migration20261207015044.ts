import { Migration } from '@mikro-orm/migrations';

export class Migration20261207015044 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "feed_change" ("position" bigserial primary key, "source" text not null, "source_id" bigint not null, "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "countries" text[] not null, "after" jsonb null, "appended_at" timestamptz not null default now());`);
    this.addSql(`create index "feed_change_entity_position_index" on "feed_change" ("entity", "position");`);
    this.addSql(`alter table "feed_change" add constraint "feed_change_source_source_id_unique" unique ("source", "source_id");`);

    this.addSql(`create table "relay_position" ("source" text not null, "txid" xid8 not null, "outbox_id" bigint not null, constraint "relay_position_pkey" primary key ("source"));`);

    this.addSql(`create table "webhook_delivery" ("id" text not null, "subscription_id" text not null, "change_position" bigint not null, "status" text not null default 'PENDING', "attempts" int not null default 0, "last_error" text null, "last_attempt_at" timestamptz null, "delivered_at" timestamptz null, "queued" boolean not null default false, "created_at" timestamptz not null default now(), constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_subscription_id_change_position_index" on "webhook_delivery" ("subscription_id", "change_position");`);

    this.addSql(`create table "webhook_subscription" ("id" text not null, "partner_id" text not null, "url" text not null, "types" text[] not null, "countries" text[] not null, "secret" text not null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "webhook_subscription_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_subscription_partner_id_index" on "webhook_subscription" ("partner_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "feed_change" cascade;`);

    this.addSql(`drop table if exists "relay_position" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_subscription" cascade;`);
  }

}
