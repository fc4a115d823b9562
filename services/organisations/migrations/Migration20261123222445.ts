import { Migration } from '@mikro-orm/migrations';

export class Migration20261123222445 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "organisation" ("id" text not null, "name" text not null, "name_en" text null, "aliases" text[] not null default '{}', "kind" text check ("kind" in ('COMPANY', 'UNIVERSITY', 'RESEARCH_INSTITUTE', 'HOSPITAL_OR_CLINIC', 'PUBLIC_AUTHORITY', 'NGO', 'ASSOCIATION', 'BUSINESS_SUPPORT_BODY', 'SCIENCE_AND_TECHNOLOGY_PARK', 'DEVELOPMENT_AGENCY', 'INTERNATIONAL_ORGANISATION', 'FREE_ECONOMIC_ZONE')) not null, "country" text null, "city" text null, "region" text null, "website" text null, "description" text null, "identifiers" jsonb not null default '[]', "source_ids" text[] not null, constraint "organisation_pkey" primary key ("id"));`);
    this.addSql(`create index "organisation_kind_index" on "organisation" ("kind");`);
    this.addSql(`create index "organisation_country_index" on "organisation" ("country");`);

    this.addSql(`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "organisation" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);
  }

}
