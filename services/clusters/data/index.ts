import type { MikroORM } from "@mikro-orm/postgresql";
import { loadSample } from "../../../lib/records/sample-data";
import { withSearchDocument } from "../../../lib/records/search";
import { withLocation } from "../../../lib/records/location";
import { Cluster } from "../cluster/cluster.entity";
import { MemberCount } from "../cluster/member-count.entity";
import { Membership } from "../membership/membership.entity";
import sample from "./sample.json";

/** Loads the clusters, member counts and memberships of the sample articles. */
export const loadClustersSample = (orm: MikroORM) =>
  loadSample(orm, [
    { entity: Cluster, rows: sample.clusters.map(withSearchDocument(Cluster.searchNamesOf)).map(withLocation) },
    { entity: MemberCount, rows: sample.memberCounts },
    { entity: Membership, rows: sample.memberships },
  ]);
