import { Migration } from "@mikro-orm/migrations";

/**
 * Issue 17: two sample involvements their article does not support. The sample loader only upserts, so a database
 * that loaded them before keeps them unless a migration removes them (sample rows only: they have these ids).
 */
export class Migration20261206234800 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `delete from "funding_involvement" where "id" in ('eu4business-medychnyi-klaster-lvivshchyny-beneficiary', 'perspektywa-2014-2020-european-union-funder');`,
    );
  }

  override async down(): Promise<void> {
    // The rows were claims without a source; they are not restored.
  }
}
