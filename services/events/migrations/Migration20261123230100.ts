import { Migration } from '@mikro-orm/migrations';

export class Migration20261123230100 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" serial primary key, "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "before" jsonb null, "after" jsonb not null);`);
    this.addSql(`create index "audit_entry_entity_record_id_index" on "audit_entry" ("entity", "record_id");`);

    this.addSql(`create table "event" ("id" text not null, "title" text not null, "kind" text check ("kind" in ('FORUM', 'GENERAL_MEETING', 'MEETING', 'INAUGURATION', 'SEMINAR', 'STUDY_VISIT', 'DELEGATION')) not null, "status" text check ("status" in ('HELD', 'PLANNED')) not null, "date" text null, "date_as_written" text null, "places" text[] not null default '{}', "countries" text[] not null default '{}', "organiser_ids" text[] not null default '{}', "participant_ids" text[] not null default '{}', "cluster_ids" text[] not null default '{}', "participants_as_written" text null, "participant_count" int null, "description" text null, "owner_id" text null, "version" int not null default 1, "source_ids" text[] not null, constraint "event_pkey" primary key ("id"));`);
    this.addSql(`create index "event_kind_index" on "event" ("kind");`);
    this.addSql(`create index "event_organiser_ids_index" on "event" using gin ("organiser_ids");`);
    this.addSql(`create index "event_participant_ids_index" on "event" using gin ("participant_ids");`);
    this.addSql(`create index "event_cluster_ids_index" on "event" using gin ("cluster_ids");`);

    this.addSql(`create table "record_grant" ("id" text not null, "partner_id" text not null, "entity" text not null, "record_id" text not null, "granted_at" timestamptz not null, constraint "record_grant_pkey" primary key ("id"));`);
    this.addSql(`alter table "record_grant" add constraint "record_grant_partner_id_entity_record_id_unique" unique ("partner_id", "entity", "record_id");`);

    this.addSql(`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`drop table if exists "event" cascade;`);

    this.addSql(`drop table if exists "record_grant" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);
  }

}
