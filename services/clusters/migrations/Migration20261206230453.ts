import { Migration } from '@mikro-orm/migrations';

export class Migration20261206230453 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "location" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cluster" drop column "location";`);
  }

}
