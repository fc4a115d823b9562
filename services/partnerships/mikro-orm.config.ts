import { AuditEntry } from "../../lib/records/audit";
import { OutboxEntry } from "../../lib/records/outbox";
import { Source } from "../../lib/records/sources";
import { RecordGrant } from "../../lib/records/writes";
import { migrations } from "./migrations";
import { PartnershipParty } from "./partnership/partnership-party.entity";
import { Partnership } from "./partnership/partnership.entity";
import { PartnershipPairTally } from "./stats/partnership-pair-tally.entity";

/** The partnerships subgraph's tables and the migrations that make them. */
export const partnershipsDatabase = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, Partnership, PartnershipParty, PartnershipPairTally], migrations };
