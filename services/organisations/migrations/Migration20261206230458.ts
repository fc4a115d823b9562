import { Migration } from '@mikro-orm/migrations';

export class Migration20261206230458 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisation" add column "location" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organisation" drop column "location";`);
  }

}
