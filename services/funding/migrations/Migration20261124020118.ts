import { Migration } from '@mikro-orm/migrations';

export class Migration20261124020118 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "funding_programme_search_text_gist" on "funding_programme" using gist ("search_text" gist_trgm_ops(siglen = 1024));`);

    this.addSql(`create index "funding_opportunity_search_text_gist" on "funding_opportunity" using gist ("search_text" gist_trgm_ops(siglen = 1024));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "funding_opportunity_search_text_gist";`);

    this.addSql(`drop index "funding_programme_search_text_gist";`);
  }

}
