import { Source } from "../../lib/sources";
import { Cluster } from "./cluster/cluster.entity";
import { MemberCount } from "./cluster/member-count.entity";
import { Membership } from "./membership/membership.entity";
import { migrations } from "./migrations";

/** The clusters subgraph's tables and the migrations that make them. */
export const clustersDatabase = { entities: [Source, Cluster, MemberCount, Membership], migrations };
