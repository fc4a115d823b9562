import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225313 extends Migration {

  override async up(): Promise<void> {
    // Trigram search (lib/records/search.ts); both are trusted extensions, so a database owner may create them.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`alter table "organisation" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "organisation_name_index" on "organisation" ("name");`);
    this.addSql(`create index "organisation_search_text_trgm" on "organisation" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisation_name_index";`);
    this.addSql(`drop index "organisation_search_text_trgm";`);
    this.addSql(`alter table "organisation" drop column "search_names", drop column "search_text";`);
  }

}
