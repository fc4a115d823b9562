import { BACKGROUND_SQL } from "../platform/database";
import type { MikroORM } from "@mikro-orm/postgresql";

/**
 * Where the size of one list field of the graph can be read in a subgraph's own tables, for the gateway's cost
 * (gateway/list-sizes.ts). Every name here is the subgraph's own code, never a client's text.
 * - `{ field, table }`: a root list, as long as the table (a filter only shortens it).
 * - `{ field, table, per }`: one item per row, grouped by the parent's column (`membership` by `cluster_id`); `where`
 *   keeps the rows the field lists (`role = 'FUNDER'`).
 * - `{ field, table, array }`: one item per element of a text[] column of the parent's row (`source_ids`).
 */
export type ListSizeSource =
  | { field: string; table: string; per?: undefined; array?: undefined; where?: undefined }
  | { field: string; table: string; per: string; where?: string; array?: undefined }
  | { field: string; table: string; array: string; per?: undefined; where?: undefined };

/** The most items one parent's list holds, and how many on average among the parents that have any. */
export interface ListSize {
  max: number;
  average: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const FIELD = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

function measure(source: ListSizeSource): string {
  for (const name of [source.table, source.per, source.array]) if (name !== undefined && !IDENTIFIER.test(name)) throw new Error(`list size of ${source.field}: "${name}" is not a column or table name`);
  if (!FIELD.test(source.field)) throw new Error(`list size: "${source.field}" is not Type.field`);
  const field = `'${source.field}'`;
  if (source.per) {
    const where = `"${source.per}" is not null${source.where ? ` and (${source.where})` : ""}`;
    return `select ${field} as field, coalesce(max(n), 0) as max, coalesce(avg(n), 0) as average from (select count(*) as n from "${source.table}" where ${where} group by "${source.per}") as per_parent`;
  }
  if (source.array) return `select ${field} as field, coalesce(max(cardinality("${source.array}")), 0) as max, coalesce(avg(cardinality("${source.array}")), 0) as average from "${source.table}"`;
  return `select ${field} as field, count(*) as max, count(*) as average from "${source.table}"`;
}

/** The sizes of a subgraph's list fields, measured now, in one SQL statement: "Type.field" -> its size. */
export async function measureListSizes(orm: MikroORM, sources: readonly ListSizeSource[]): Promise<Record<string, ListSize>> {
  if (!sources.length) return {};
  const rows: { field: string; max: string | number; average: string | number }[] = await orm.em.getConnection().execute(BACKGROUND_SQL + sources.map(measure).join("\nunion all\n"));
  return Object.fromEntries(rows.map(row => [row.field, { max: Number(row.max), average: Math.round(Number(row.average) * 100) / 100 }]));
}
