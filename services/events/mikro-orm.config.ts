import { AuditEntry } from "../../lib/audit";
import { Source } from "../../lib/sources";
import { RecordGrant } from "../../lib/writes";
import { Event } from "./event/event.entity";
import { migrations } from "./migrations";

/** The events subgraph's tables and the migrations that make them. */
export const eventsDatabase = { entities: [Source, AuditEntry, RecordGrant, Event], migrations };
