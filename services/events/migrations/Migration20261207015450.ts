import { Migration } from '@mikro-orm/migrations';

export class Migration20261207015450 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "event" add column "retracted" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "event" drop column "retracted";`);
  }

}
