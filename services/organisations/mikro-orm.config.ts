import { AuditEntry } from "../../lib/records/audit";
import { OutboxEntry } from "../../lib/records/outbox";
import { RowTally } from "../../lib/subgraph/row-tally";
import { Source } from "../../lib/records/sources";
import { RecordGrant } from "../../lib/records/writes";
import { migrations } from "./migrations";
import { Organisation } from "./organisation/organisation.entity";

/** The organisations subgraph's tables and the migrations that make them. */
export const organisationsDatabase = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, Organisation, RowTally], migrations };
