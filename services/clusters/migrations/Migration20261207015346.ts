import { Migration } from '@mikro-orm/migrations';

export class Migration20261207015346 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "retracted" jsonb null;`);

    this.addSql(`alter table "member_count" add column "retracted" jsonb null;`);

    this.addSql(`alter table "membership" add column "retracted" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cluster" drop column "retracted";`);

    this.addSql(`alter table "member_count" drop column "retracted";`);

    this.addSql(`alter table "membership" drop column "retracted";`);
  }

}
