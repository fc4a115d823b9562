import { Migration } from '@mikro-orm/migrations';

export class Migration20261207020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" serial primary key, "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "before" jsonb null, "after" jsonb not null);`);
    this.addSql(`create index "audit_entry_entity_record_id_index" on "audit_entry" ("entity", "record_id");`);

    this.addSql(`create table "portal_session" ("hash" text not null, "key_id" text not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, constraint "portal_session_pkey" primary key ("hash"));`);
    this.addSql(`create index "portal_session_key_id_index" on "portal_session" ("key_id");`);
    this.addSql(`alter table "portal_session" add constraint "portal_session_key_id_foreign" foreign key ("key_id") references "api_key" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "portal_session" cascade;`);
    this.addSql(`drop table if exists "audit_entry" cascade;`);
  }

}
