import { AuditEntry } from "../../lib/records/audit";
import { OutboxEntry } from "../../lib/records/outbox";
import { Source } from "../../lib/records/sources";
import { RecordGrant } from "../../lib/records/writes";
import { Event } from "./event/event.entity";
import { migrations } from "./migrations";

/** The events subgraph's tables and the migrations that make them. */
export const eventsDatabase = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, Event], migrations };
