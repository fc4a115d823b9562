import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225440 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "partner" ("id" text not null, "name" text not null, "admin" boolean not null default false, "created_at" timestamptz not null, constraint "partner_pkey" primary key ("id"));`);

    this.addSql(`create table "api_key" ("id" text not null, "partner_id" text not null, "hash" text not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`create index "api_key_partner_id_index" on "api_key" ("partner_id");`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash");`);

    this.addSql(`alter table "api_key" add constraint "api_key_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop constraint "api_key_partner_id_foreign";`);

    this.addSql(`drop table if exists "partner" cascade;`);

    this.addSql(`drop table if exists "api_key" cascade;`);
  }

}
