import { Migration } from '@mikro-orm/migrations';

export class Migration20261207015433 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "funding_programme" add column "retracted" jsonb null;`);

    this.addSql(`alter table "funding_opportunity" add column "retracted" jsonb null;`);

    this.addSql(`alter table "funding_involvement" add column "retracted" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "funding_involvement" drop column "retracted";`);

    this.addSql(`alter table "funding_opportunity" drop column "retracted";`);

    this.addSql(`alter table "funding_programme" drop column "retracted";`);
  }

}
