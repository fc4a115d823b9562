import { Migration } from '@mikro-orm/migrations';

export class Migration20261206230345 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "partnership" drop constraint if exists "partnership_kind_check";`);

    this.addSql(`alter table "partnership_party" drop constraint if exists "partnership_party_role_check";`);

    this.addSql(`alter table "partnership" add constraint "partnership_kind_check" check("kind" in ('COOPERATION_AGREEMENT', 'STUDY_VISIT', 'TRAINING_SERIES', 'JOINT_COMPANY', 'JOINT_PROJECT', 'PROJECT', 'SUPPORT'));`);

    this.addSql(`alter table "partnership_party" add constraint "partnership_party_role_check" check("role" in ('SIGNATORY', 'ORGANISER', 'PARTICIPANT', 'HOST', 'EXPERT', 'FOUNDER', 'PARTNER', 'FRAMEWORK', 'INVITED'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "partnership" drop constraint if exists "partnership_kind_check";`);

    this.addSql(`alter table "partnership_party" drop constraint if exists "partnership_party_role_check";`);

    this.addSql(`alter table "partnership" add constraint "partnership_kind_check" check("kind" in ('COOPERATION_AGREEMENT', 'STUDY_VISIT', 'TRAINING_SERIES', 'JOINT_COMPANY', 'JOINT_PROJECT'));`);

    this.addSql(`alter table "partnership_party" add constraint "partnership_party_role_check" check("role" in ('SIGNATORY', 'ORGANISER', 'PARTICIPANT', 'HOST', 'EXPERT', 'FOUNDER', 'PARTNER', 'FRAMEWORK'));`);
  }

}
