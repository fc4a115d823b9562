import { AuditEntry } from "../../lib/records/audit";
import { OutboxEntry } from "../../lib/records/outbox";
import { Source } from "../../lib/records/sources";
import { RecordGrant } from "../../lib/records/writes";
import { FundingInvolvement } from "./involvement/funding-involvement.entity";
import { migrations } from "./migrations";
import { FundingOpportunity } from "./opportunity/funding-opportunity.entity";
import { FundingProgramme } from "./programme/funding-programme.entity";
import { ProgrammeTally } from "./stats/programme-tally.entity";

/** The funding subgraph's tables and the migrations that make them. */
export const fundingDatabase = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, FundingProgramme, FundingOpportunity, FundingInvolvement, ProgrammeTally], migrations };
