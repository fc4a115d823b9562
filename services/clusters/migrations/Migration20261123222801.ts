import { Migration } from '@mikro-orm/migrations';

export class Migration20261123222801 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cluster" ("id" text not null, "name" text not null, "name_en" text null, "aliases" text[] not null default '{}', "country" text not null, "region" text null, "city" text null, "sectors" text[] not null default '{}', "website" text null, "description" text null, "founded_year" int null, "founded" jsonb not null default '[]', "labels" jsonb not null default '[]', "activities" jsonb not null default '[]', "source_ids" text[] not null, constraint "cluster_pkey" primary key ("id"));`);
    this.addSql(`create index "cluster_country_index" on "cluster" ("country");`);
    this.addSql(`create index "cluster_founded_year_index" on "cluster" ("founded_year");`);

    this.addSql(`create table "member_count" ("id" text not null, "cluster_id" text not null, "count" int not null, "qualifier" text check ("qualifier" in ('EXACTLY', 'OVER', 'ABOUT')) not null, "as_of" text null, "as_written" text not null, "member_kind" text null, "source_id" text not null, constraint "member_count_pkey" primary key ("id"));`);
    this.addSql(`create index "member_count_cluster_id_index" on "member_count" ("cluster_id");`);

    this.addSql(`create table "membership" ("id" text not null, "cluster_id" text not null, "organisation_id" text not null, "roles" text[] not null, "since" text null, "note" text null, "source_ids" text[] not null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`create index "membership_cluster_id_index" on "membership" ("cluster_id");`);
    this.addSql(`create index "membership_organisation_id_index" on "membership" ("organisation_id");`);

    this.addSql(`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));`);

    this.addSql(`alter table "member_count" add constraint "member_count_cluster_id_foreign" foreign key ("cluster_id") references "cluster" ("id") on update cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_cluster_id_foreign" foreign key ("cluster_id") references "cluster" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "member_count" drop constraint "member_count_cluster_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_cluster_id_foreign";`);

    this.addSql(`drop table if exists "cluster" cascade;`);

    this.addSql(`drop table if exists "member_count" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);
  }

}
