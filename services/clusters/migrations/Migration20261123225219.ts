import { Migration } from '@mikro-orm/migrations';

export class Migration20261123225219 extends Migration {

  override async up(): Promise<void> {
    // Trigram search (lib/records/search.ts); both are trusted extensions, so a database owner may create them.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`alter table "cluster" add column "search_names" text[] not null default '{}', add column "search_text" text not null default '';`);
    this.addSql(`create index "cluster_name_index" on "cluster" ("name");`);
    this.addSql(`create index "cluster_sectors_index" on "cluster" using gin ("sectors");`);
    this.addSql(`create index "cluster_search_text_trgm" on "cluster" using gin ("search_text" gin_trgm_ops);`);

    this.addSql(`create index "member_count_cluster_id_as_of_index" on "member_count" ("cluster_id", "as_of");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cluster_name_index";`);
    this.addSql(`drop index "cluster_sectors_index";`);
    this.addSql(`drop index "cluster_search_text_trgm";`);
    this.addSql(`alter table "cluster" drop column "search_names", drop column "search_text";`);

    this.addSql(`drop index "member_count_cluster_id_as_of_index";`);
  }

}
