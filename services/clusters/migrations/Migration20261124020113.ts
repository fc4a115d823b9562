import { Migration } from '@mikro-orm/migrations';

export class Migration20261124020113 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "cluster_search_text_gist" on "cluster" using gist ("search_text" gist_trgm_ops(siglen = 1024));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cluster_search_text_gist";`);
  }

}
