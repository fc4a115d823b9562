import { Migration } from '@mikro-orm/migrations';

export class Migration20261207014356 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "organisation_identifiers_index" on "organisation" using gin ("identifiers" jsonb_path_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisation_identifiers_index";`);
  }

}
