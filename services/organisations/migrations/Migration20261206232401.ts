import { Migration } from '@mikro-orm/migrations';

export class Migration20261206232401 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "organisation" add column "location" jsonb null;`);
    this.addSql(`create index "organisation_location_latitude" on "organisation" (((location->>'latitude')::float8));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "organisation_location_latitude";`);
    this.addSql(`alter table "organisation" drop column "location";`);
  }

}
