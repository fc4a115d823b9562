import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225217 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" serial primary key, "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "before" jsonb null, "after" jsonb not null);`);
    this.addSql(`create index "audit_entry_entity_record_id_index" on "audit_entry" ("entity", "record_id");`);

    this.addSql(`create table "record_grant" ("id" text not null, "partner_id" text not null, "entity" text not null, "record_id" text not null, "granted_at" timestamptz not null, constraint "record_grant_pkey" primary key ("id"));`);
    this.addSql(`alter table "record_grant" add constraint "record_grant_partner_id_entity_record_id_unique" unique ("partner_id", "entity", "record_id");`);

    this.addSql(`alter table "funding_programme" add column "owner_id" text null, add column "version" int not null default 1;`);

    this.addSql(`alter table "funding_opportunity" add column "owner_id" text null, add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "record_grant" cascade;`);

    this.addSql(`alter table "funding_opportunity" drop column "owner_id", drop column "version";`);

    this.addSql(`alter table "funding_programme" drop column "owner_id", drop column "version";`);
  }

}
