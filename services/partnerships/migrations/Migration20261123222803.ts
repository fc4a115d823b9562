import { Migration } from '@mikro-orm/migrations';

export class Migration20261123222803 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "partnership" ("id" text not null, "title" text not null, "kind" text check ("kind" in ('COOPERATION_AGREEMENT', 'STUDY_VISIT', 'TRAINING_SERIES', 'JOINT_COMPANY', 'JOINT_PROJECT')) not null, "status" text check ("status" in ('COMPLETED', 'ONGOING', 'PLANNED')) null, "start_date" text null, "end_date" text null, "date_as_written" text null, "countries" text[] not null, "places" text[] not null default '{}', "description" text null, "source_ids" text[] not null, constraint "partnership_pkey" primary key ("id"));`);
    this.addSql(`create index "partnership_kind_index" on "partnership" ("kind");`);
    this.addSql(`create index "partnership_countries_index" on "partnership" using gin ("countries");`);

    this.addSql(`create table "partnership_party" ("id" text not null, "partnership_id" text not null, "organisation_id" text null, "cluster_id" text null, "role" text check ("role" in ('SIGNATORY', 'ORGANISER', 'PARTICIPANT', 'HOST', 'EXPERT', 'FOUNDER', 'PARTNER', 'FRAMEWORK')) not null, "note" text null, "source_ids" text[] not null, constraint "partnership_party_pkey" primary key ("id"));`);
    this.addSql(`create index "partnership_party_partnership_id_index" on "partnership_party" ("partnership_id");`);
    this.addSql(`create index "partnership_party_organisation_id_index" on "partnership_party" ("organisation_id");`);
    this.addSql(`create index "partnership_party_cluster_id_index" on "partnership_party" ("cluster_id");`);

    this.addSql(`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));`);

    this.addSql(`alter table "partnership_party" add constraint "partnership_party_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partnership_party" drop constraint "partnership_party_partnership_id_foreign";`);

    this.addSql(`drop table if exists "partnership" cascade;`);

    this.addSql(`drop table if exists "partnership_party" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);
  }

}
