import type { EntityName, MikroORM } from "@mikro-orm/postgresql";
import catalogue from "./sample-sources.json";
import { HUB } from "./provenance";
import { Source } from "./sources";

/** A sample row: its id, and its sources in `sourceIds` or, for a single fact, `sourceId`. */
export interface SampleRecord {
  id: string;
}

/** One entity's sample rows: written with `INSERT ... ON CONFLICT (id) DO UPDATE`, so every start may run it. */
export interface SampleTable {
  entity: EntityName<object>;
  rows: SampleRecord[];
}

/** Loads sample rows and the sources they cite, in one transaction: all of it or none. */
export async function loadSample(orm: MikroORM, tables: SampleTable[]): Promise<void> {
  const cited = new Set(tables.flatMap(table => table.rows.flatMap(row => citedSources(row))));
  const unknown = [...cited].filter(id => !catalogue.some(source => source.id === id));
  if (unknown.length) throw new Error(`Sample data cites unknown sources: ${unknown.join(", ")}`);
  await orm.em.fork().transactional(async em => {
    await em.upsertMany(Source, catalogue.filter(source => cited.has(source.id)));
    for (const table of tables) {
      if (!table.rows.length) continue;
      // A sample record someone has changed through the API (version > 1) keeps their change.
      const versioned = Boolean(em.getMetadata().find(table.entity as never)?.properties.version);
      await em.upsertMany(table.entity, table.rows as never[], versioned ? { onConflictWhere: { version: 1 } as never } : undefined);
    }
  });
}

/** Every source id a sample record cites: its own and those of the facts nested in it; the hub's own knowledge (HUB) is none. */
export function citedSources(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(citedSources);
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  return [
    ...(Array.isArray(record.sourceIds) ? (record.sourceIds as string[]) : []),
    ...(typeof record.sourceId === "string" && record.sourceId !== HUB ? [record.sourceId] : []),
    ...Object.entries(record).filter(([key]) => key !== "sourceIds").flatMap(([, nested]) => citedSources(nested)),
  ];
}
