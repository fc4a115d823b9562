import { Migration } from '@mikro-orm/migrations';

export class Migration20261207020000 extends Migration {

  override async up(): Promise<void> {
    // Trigram search (lib/records/search.ts); both are trusted extensions, so a database owner may create them.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`alter table "event" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "event_search_text_trgm" on "event" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "event_search_text_gist" on "event" using gist ("search_text" gist_trgm_ops(siglen = 1024));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "event_search_text_trgm";`);
    this.addSql(`drop index "event_search_text_gist";`);
    this.addSql(`alter table "event" drop column "search_names", drop column "search_text";`);
  }

}
