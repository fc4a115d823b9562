import { Migration } from '@mikro-orm/migrations';

/** Issue 18: the kinds of organisation a programme or opportunity is open to, which `fundingMatches` judges (rule KIND). */
export class Migration20261207015053 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "funding_programme" add column "eligible_kinds" text[] not null default '{}';`);

    this.addSql(`alter table "funding_opportunity" add column "eligible_kinds" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "funding_opportunity" drop column "eligible_kinds";`);

    this.addSql(`alter table "funding_programme" drop column "eligible_kinds";`);
  }

}
