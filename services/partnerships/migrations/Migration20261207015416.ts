import { Migration } from '@mikro-orm/migrations';

export class Migration20261207015416 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partnership" add column "retracted" jsonb null;`);

    this.addSql(`alter table "partnership_party" add column "retracted" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partnership" drop column "retracted";`);

    this.addSql(`alter table "partnership_party" drop column "retracted";`);
  }

}
