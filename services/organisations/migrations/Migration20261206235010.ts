import { Migration } from '@mikro-orm/migrations';

export class Migration20261206235010 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisation" add column "names" jsonb not null default '[]', add column "provenance" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "organisation" drop column "names", drop column "provenance";`);
  }

}
