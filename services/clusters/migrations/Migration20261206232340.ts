import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232340 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "location" jsonb null;`);
    this.addSql(`create index "cluster_location_latitude" on "cluster" (((location->>'latitude')::float8));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cluster_location_latitude";`);
    this.addSql(`alter table "cluster" drop column "location";`);
  }

}
