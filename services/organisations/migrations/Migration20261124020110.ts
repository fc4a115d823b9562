import { Migration } from '@mikro-orm/migrations';

export class Migration20261124020110 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "organisation_search_text_gist" on "organisation" using gist ("search_text" gist_trgm_ops(siglen = 1024));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisation_search_text_gist";`);
  }

}
