import { Migration } from '@mikro-orm/migrations';

export class Migration20261123222805 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "funding_programme" ("id" text not null, "name" text not null, "name_en" text null, "aliases" text[] not null default '{}', "parent_id" text null, "description" text null, "start_date" text null, "end_date" text null, "eligible_countries" text[] not null default '{}', "sectors" text[] not null default '{}', "budget" jsonb null, "source_ids" text[] not null, constraint "funding_programme_pkey" primary key ("id"));`);
    this.addSql(`create index "funding_programme_parent_id_index" on "funding_programme" ("parent_id");`);
    this.addSql(`create index "funding_programme_eligible_countries_index" on "funding_programme" using gin ("eligible_countries");`);

    this.addSql(`create table "funding_opportunity" ("id" text not null, "programme_id" text not null, "title" text not null, "title_en" text null, "description" text null, "status" text check ("status" in ('UPCOMING', 'OPEN', 'CLOSED')) null, "deadline" text null, "eligible_countries" text[] not null default '{}', "sectors" text[] not null default '{}', "url" text null, "source_ids" text[] not null, constraint "funding_opportunity_pkey" primary key ("id"));`);
    this.addSql(`create index "funding_opportunity_programme_id_index" on "funding_opportunity" ("programme_id");`);
    this.addSql(`create index "funding_opportunity_status_index" on "funding_opportunity" ("status");`);
    this.addSql(`create index "funding_opportunity_deadline_index" on "funding_opportunity" ("deadline");`);
    this.addSql(`create index "funding_opportunity_eligible_countries_index" on "funding_opportunity" using gin ("eligible_countries");`);

    this.addSql(`create table "funding_involvement" ("id" text not null, "programme_id" text not null, "opportunity_id" text null, "organisation_id" text null, "cluster_id" text null, "partnership_id" text null, "role" text check ("role" in ('FUNDER', 'IMPLEMENTER', 'BENEFICIARY')) not null, "note" text null, "source_ids" text[] not null, constraint "funding_involvement_pkey" primary key ("id"));`);
    this.addSql(`create index "funding_involvement_programme_id_index" on "funding_involvement" ("programme_id");`);
    this.addSql(`create index "funding_involvement_opportunity_id_index" on "funding_involvement" ("opportunity_id");`);
    this.addSql(`create index "funding_involvement_organisation_id_index" on "funding_involvement" ("organisation_id");`);
    this.addSql(`create index "funding_involvement_cluster_id_index" on "funding_involvement" ("cluster_id");`);
    this.addSql(`create index "funding_involvement_partnership_id_index" on "funding_involvement" ("partnership_id");`);
    this.addSql(`create index "funding_involvement_role_index" on "funding_involvement" ("role");`);

    this.addSql(`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));`);

    this.addSql(`alter table "funding_programme" add constraint "funding_programme_parent_id_foreign" foreign key ("parent_id") references "funding_programme" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "funding_opportunity" add constraint "funding_opportunity_programme_id_foreign" foreign key ("programme_id") references "funding_programme" ("id") on update cascade;`);

    this.addSql(`alter table "funding_involvement" add constraint "funding_involvement_programme_id_foreign" foreign key ("programme_id") references "funding_programme" ("id") on update cascade;`);
    this.addSql(`alter table "funding_involvement" add constraint "funding_involvement_opportunity_id_foreign" foreign key ("opportunity_id") references "funding_opportunity" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "funding_programme" drop constraint "funding_programme_parent_id_foreign";`);

    this.addSql(`alter table "funding_opportunity" drop constraint "funding_opportunity_programme_id_foreign";`);

    this.addSql(`alter table "funding_involvement" drop constraint "funding_involvement_programme_id_foreign";`);

    this.addSql(`alter table "funding_involvement" drop constraint "funding_involvement_opportunity_id_foreign";`);

    this.addSql(`drop table if exists "funding_programme" cascade;`);

    this.addSql(`drop table if exists "funding_opportunity" cascade;`);

    this.addSql(`drop table if exists "funding_involvement" cascade;`);

    this.addSql(`drop table if exists "source" cascade;`);
  }

}
