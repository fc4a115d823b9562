import { Migration } from '@mikro-orm/migrations';

export class Migration20261124000737 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "funding_involvement_programme_id_role_index" on "funding_involvement" ("programme_id", "role");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "funding_involvement_programme_id_role_index";`);
  }

}
