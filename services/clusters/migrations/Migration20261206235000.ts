import { Migration } from '@mikro-orm/migrations';

export class Migration20261206235000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "names" jsonb not null default '[]', add column "provenance" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cluster" drop column "names", drop column "provenance";`);
  }

}
