import { Migration } from '@mikro-orm/migrations';
import { ADD, every, GROUPS, groupClustersFunction, groupCountsFunction, INSERT, latestFunction, membershipsFunction, standing, withCounts, type Counts } from './tallies';

/** Each tally counted again from the rows, as `counts` says (a tally that counted retracted rows is made right). */
const recount = (counts: Counts) => [
  `update cluster_tally k set memberships = (select count(*) from membership m where m.cluster_id = k.cluster_id and ${counts('m')}),
  latest_member_count = (select mc.count from member_count mc where mc.cluster_id = k.cluster_id and mc.as_of is not null and ${counts('mc')} order by mc.as_of desc, mc.id desc limit 1);`,
  `delete from cluster_group_tally;`,
  `${INSERT} from (${withCounts('cluster', '1', counts)}) d cross join lateral (select d.country, d.sectors, d.founded_year) c ${GROUPS} group by 1, 2 ${ADD};`,
];

/**
 * Retraction (lib/records/retraction.ts) in the dashboards' tallies: `cluster_tally` counts the standing memberships
 * and takes the latest standing dated member count, and `cluster_group_tally` the standing clusters, as the lists do
 * by default. A retraction or a restoration is an update, which the update triggers already see: a row that stops
 * standing counts as one that left, a restored one as one that came.
 */
export class Migration20261207030000 extends Migration {

  override async up(): Promise<void> {
    this.tallies(standing);
  }

  override async down(): Promise<void> {
    this.tallies(every);
  }

  /** The four counting functions, and every tally counted again as they count. */
  private tallies(counts: Counts) {
    for (const make of [membershipsFunction, latestFunction, groupCountsFunction, groupClustersFunction]) this.addSql(make(counts));
    for (const statement of recount(counts)) this.addSql(statement);
  }

}
