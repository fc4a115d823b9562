import { Migration } from '@mikro-orm/migrations';

export class Migration20261124021818 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "membership_cluster_id_id_index" on "membership" ("cluster_id", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "membership_cluster_id_id_index";`);
  }

}
