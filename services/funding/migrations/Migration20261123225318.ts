import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225318 extends Migration {

  override async up(): Promise<void> {
    // Trigram search (lib/records/search.ts); both are trusted extensions, so a database owner may create them.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`alter table "funding_programme" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "funding_programme_start_date_index" on "funding_programme" ("start_date");`);
    this.addSql(`create index "funding_programme_sectors_index" on "funding_programme" using gin ("sectors");`);
    this.addSql(`create index "funding_programme_search_text_trgm" on "funding_programme" using gin ("search_text" gin_trgm_ops);`);

    this.addSql(`alter table "funding_opportunity" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "funding_opportunity_sectors_index" on "funding_opportunity" using gin ("sectors");`);
    this.addSql(`create index "funding_opportunity_search_text_trgm" on "funding_opportunity" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "funding_opportunity_sectors_index";`);
    this.addSql(`drop index "funding_opportunity_search_text_trgm";`);
    this.addSql(`alter table "funding_opportunity" drop column "search_names", drop column "search_text";`);

    this.addSql(`drop index "funding_programme_start_date_index";`);
    this.addSql(`drop index "funding_programme_sectors_index";`);
    this.addSql(`drop index "funding_programme_search_text_trgm";`);
    this.addSql(`alter table "funding_programme" drop column "search_names", drop column "search_text";`);
  }

}
