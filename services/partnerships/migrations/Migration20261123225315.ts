import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225315 extends Migration {

  override async up(): Promise<void> {
    // Trigram search (lib/records/search.ts); both are trusted extensions, so a database owner may create them.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`alter table "partnership" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "partnership_status_index" on "partnership" ("status");`);
    this.addSql(`create index "partnership_start_date_index" on "partnership" ("start_date");`);
    this.addSql(`create index "partnership_search_text_trgm" on "partnership" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "partnership_status_index";`);
    this.addSql(`drop index "partnership_start_date_index";`);
    this.addSql(`drop index "partnership_search_text_trgm";`);
    this.addSql(`alter table "partnership" drop column "search_names", drop column "search_text";`);
  }

}
