import { Migration } from '@mikro-orm/migrations';
import { tallyFunction } from './Migration20261124011129';

/** What each programme_tally column counts: up, only the standing (not retracted) rows; down, as before. */
const COUNTED = {
  up: { opportunities: 'retracted is null', beneficiaries: "role = 'BENEFICIARY' and retracted is null" },
  down: { opportunities: 'true', beneficiaries: "role = 'BENEFICIARY'" },
};

/**
 * Retraction (lib/records/retraction.ts) in `programme_tally`: it counts the standing opportunities and beneficiary
 * involvements, as the lists do by default. A retraction or a restoration is an update, which the update triggers
 * already see: a row that stops standing counts as one that left, a restored one as one that came.
 */
export class Migration20261207030000 extends Migration {

  override async up(): Promise<void> {
    this.tallies(COUNTED.up);
  }

  override async down(): Promise<void> {
    this.tallies(COUNTED.down);
  }

  /** The two counting functions, and each programme counted again from its rows (a tally that counted retracted rows is made right). */
  private tallies(counted: { opportunities: string; beneficiaries: string }) {
    this.addSql(tallyFunction('programme_tally_opportunities', 'opportunities', counted.opportunities));
    this.addSql(tallyFunction('programme_tally_beneficiaries', 'beneficiaries', counted.beneficiaries));
    this.addSql(`update programme_tally k set opportunities = (select count(*) from funding_opportunity o where o.programme_id = k.programme_id and ${counted.opportunities}),
  beneficiaries = (select count(*) from funding_involvement i where i.programme_id = k.programme_id and ${counted.beneficiaries});`);
  }

}
