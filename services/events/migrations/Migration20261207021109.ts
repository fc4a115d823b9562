import { Migration } from '@mikro-orm/migrations';

export class Migration20261207021109 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "event" add column "retracted" jsonb null, add column "retracted_links" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "event" drop column "retracted", drop column "retracted_links";`);
  }

}
