import { AuditEntry } from "../../lib/records/audit";
import { OutboxEntry } from "../../lib/records/outbox";
import { Source } from "../../lib/records/sources";
import { RecordGrant } from "../../lib/records/writes";
import { Cluster } from "./cluster/cluster.entity";
import { MemberCount } from "./cluster/member-count.entity";
import { Membership } from "./membership/membership.entity";
import { migrations } from "./migrations";
import { ClusterGroupTally } from "./stats/cluster-group-tally.entity";
import { ClusterTally } from "./stats/cluster-tally.entity";

/** The clusters subgraph's tables and the migrations that make them. */
export const clustersDatabase = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, Cluster, MemberCount, Membership, ClusterTally, ClusterGroupTally], migrations };
