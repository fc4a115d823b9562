import { AuditEntry } from "../../lib/audit";
import { RowTally } from "../../lib/row-tally";
import { Source } from "../../lib/sources";
import { RecordGrant } from "../../lib/writes";
import { migrations } from "./migrations";
import { Organisation } from "./organisation/organisation.entity";

/** The organisations subgraph's tables and the migrations that make them. */
export const organisationsDatabase = { entities: [Source, AuditEntry, RecordGrant, Organisation, RowTally], migrations };
