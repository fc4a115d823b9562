import type { EntityManager, EntityName } from "@mikro-orm/postgresql";
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { type ClassType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { BadUserInputError } from "../platform/errors";
import { recordsFrom } from "./loaders";
import { PageArgs, pageWindow, type Page } from "./pagination";
import { checkTexts } from "./validation";
import { PartialDate } from "./partial-date";

export enum SortDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(SortDirection, {
  name: "SortDirection",
  description: "Which way a list is sorted. Records without a value for the sort key come last either way.",
  valuesConfig: {
    ASC: { description: "Smallest first (A to Z, oldest first)." },
    DESC: { description: "Largest first (Z to A, newest first)." },
  },
});

@InputType({ description: "A range of whole numbers; either end may be left open. Both ends are included." })
export class IntRange {
  @Field(_type => Int, { nullable: true, description: "The smallest value kept." })
  min?: number | null;

  @Field(_type => Int, { nullable: true, description: "The largest value kept." })
  max?: number | null;
}

@InputType({
  description:
    "A range of partial dates; either end may be left open. A date as precise as its source matches when its period overlaps the range: `2014` matches `from: \"2014-06\"`.",
})
export class PartialDateRange {
  @Field(_type => PartialDate, { nullable: true, description: "The earliest date kept (YYYY, YYYY-MM or YYYY-MM-DD)." })
  from?: string | null;

  @Field(_type => PartialDate, { nullable: true, description: "The latest date kept (YYYY, YYYY-MM or YYYY-MM-DD)." })
  to?: string | null;
}

/** A piece of SQL over the listed table (alias `t`) with its `?` bindings. */
export interface Sql {
  sql: string;
  bindings: unknown[];
}

/** An SQL fragment; a list binding expands to `?, ?, ...` (knex), so write `in (?)` or `array[?]` around one. */
export const sql = (text: string, ...bindings: unknown[]): Sql => ({ sql: text, bindings });

/** Conditions of an `IntRange` on an SQL expression; none for an open or absent range. */
export function intRange(expression: string, range: IntRange | null | undefined, argument: string): Sql[] {
  if (!range) return [];
  if (range.min != null && range.max != null && range.min > range.max)
    throw new BadUserInputError(argument, `min (${range.min}) is larger than max (${range.max})`);
  return [
    ...(range.min != null ? [sql(`${expression} >= ?`, range.min)] : []),
    ...(range.max != null ? [sql(`${expression} <= ?`, range.max)] : []),
  ];
}

/**
 * Conditions that keep partial dates whose period overlaps a range: a period [start, end] (end defaults to start)
 * overlaps [from, to] when start is not after `to` and end is not before `from`, each compared at the coarser of
 * the two precisions (partial dates sort as text).
 */
export function dateRange(start: string, end: string, range: PartialDateRange | null | undefined, argument: string): Sql[] {
  if (!range) return [];
  if (range.from && range.to && range.from.slice(0, range.to.length) > range.to)
    throw new BadUserInputError(argument, `from (${range.from}) is after to (${range.to})`);
  return [
    ...(range.from ? [sql(`coalesce(${end}, ${start}) >= left(?, length(coalesce(${end}, ${start})))`, range.from)] : []),
    ...(range.to ? [sql(`left(${start}, length(?)) <= ?`, range.to, range.to)] : []),
  ];
}

/** An order a list can be sorted by: an SQL expression over `t`, and a stand-in for its null (never compared, see below). */
export interface SortKey {
  expression: string;
  type: "text" | "int";
}

/** Builds the `<Name>Order` input: a field of `fields` and a direction. */
export function OrderInput<E extends Record<string, string>>(fields: E, name: string, defaultField: E[keyof E]) {
  @InputType(`${name}Order`, { description: `How to sort ${name} records: by a field, then by id.` })
  class Order {
    @Field(_type => fields, { defaultValue: defaultField, description: "The field to sort by." })
    field: E[keyof E] = defaultField;

    @Field(_type => SortDirection, { defaultValue: SortDirection.ASC, description: "Smallest or largest first." })
    direction: SortDirection = SortDirection.ASC;
  }
  return Order as ClassType<{ field: E[keyof E]; direction: SortDirection }>;
}

/** Registers the `<Name>OrderField` enum, with a description for each field. */
export function registerOrderFields(fields: Record<string, string>, name: string, descriptions: Record<string, string>) {
  registerEnumType(fields, {
    name: `${name}OrderField`,
    description: `The fields ${name} lists can be sorted by; ties are broken by id.`,
    valuesConfig: Object.fromEntries(Object.keys(fields).map(key => [key, { description: descriptions[key] }])),
  });
}

/** Whether the query asks for `field` directly under the current one (through fragments too). */
export function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    !!selectionSet?.selections.some(selection => {
      if (selection.kind === Kind.FIELD) return selection.name.value === field;
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some(node => visit(node.selectionSet));
}

const CURSOR_PREFIX = "v2:";

/** A cursor that holds the sort it was issued under, the sort key's value and the id: it stays valid when rows are added. */
export function encodeOrderedCursor(order: string, value: string | number | null, id: string): string {
  return Buffer.from(CURSOR_PREFIX + JSON.stringify([order, value, id]), "utf8").toString("base64url");
}

// The range of PostgreSQL's int, which an integer sort key's value is cast to.
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Whether a cursor's sort value is one the sort could have issued: null, or of the sort key's type. */
function fitsSort(value: unknown, sort: SortKey | null): boolean {
  if (value === null) return true;
  if (!sort) return false;
  if (sort.type === "int") return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
  return typeof value === "string";
}

function decodeOrderedCursor(cursor: string, order: string, sort: SortKey | null): { value: string | number | null; id: string } {
  const bad = (problem: string) => new BadUserInputError("after", `"${cursor}" ${problem}`);
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX)) throw bad("is not a cursor this graph issued; pass a pageInfo.endCursor or edges.cursor");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(CURSOR_PREFIX.length));
  } catch {
    throw bad("is not a cursor this graph issued; pass a pageInfo.endCursor or edges.cursor");
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== "string" || encodeOrderedCursor(...(parsed as [string, string, string])) !== cursor)
    throw bad("is not a cursor this graph issued; pass a pageInfo.endCursor or edges.cursor");
  if (parsed[0] !== order) throw bad(`was issued for the order ${parsed[0]}, not ${order}; start again without \`after\``);
  // Well formed yet forged: a value the sort never issues would fail in the database's comparison.
  if (!fitsSort(parsed[1], sort)) throw bad("is not a cursor this graph issued; pass a pageInfo.endCursor or edges.cursor");
  for (const part of parsed) checkTexts("after", part);
  return { value: parsed[1] as string | number | null, id: parsed[2] };
}

export interface Listing {
  /** The table, aliased `t` in every condition and sort expression. */
  table: string;
  conditions: Sql[];
  /** The sort key, or null to sort by id alone. */
  sort: SortKey | null;
  direction: SortDirection;
  /** Names the sort in cursors, e.g. `NAME:ASC`. */
  order: string;
  /** The rows `standing` keeps are counted in `row_tally` (lib/subgraph/row-tally.ts), so a default total reads that one row. */
  tallied?: boolean;
  /** Conditions of the list's default scope (records not retracted), the ones a row tally counts within. */
  standing?: Sql[];
}

/**
 * One page of a filtered, sorted list in ONE statement: keyset on (sort key, id), so a page never repeats or skips
 * rows when rows are added before it; the total is counted in the same statement (a count subquery joined to the
 * page), and only when asked for.
 * Rows without a sort value come last in either direction: the key compared is (value is null, value, id).
 */
export async function findListPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  listing: Listing,
  args: PageArgs,
  withTotal: boolean,
): Promise<Page<T>> {
  const { limit } = pageWindow({ first: args.first, after: null });
  const after = args.after == null ? null : decodeOrderedCursor(args.after, listing.order, listing.sort);
  const descending = listing.direction === SortDirection.DESC;
  const sortExpression = listing.sort ? `(${listing.sort.expression})` : "null::text";
  const neutral = listing.sort?.type === "int" ? "0" : "''";
  // By id alone the key is the primary key, so the page is an index range scan.
  const keyParts = listing.sort ? [`f.__sort is ${descending ? "not " : ""}null`, `coalesce(f.__sort, ${neutral})`, "f.id"] : ["f.id"];
  const cast = listing.sort?.type === "int" ? "::int" : "::text";
  const conditions = [...(listing.standing ?? []), ...listing.conditions];
  const where = conditions.length ? `where ${conditions.map(c => `(${c.sql})`).join(" and ")}` : "";
  const conditionBindings = conditions.flatMap(c => c.bindings);
  const keyset = !after ? "" : listing.sort ? `where (${keyParts.join(", ")}) ${descending ? "<" : ">"} (?, coalesce(?${cast}, ${neutral}), ?)` : `where f.id ${descending ? "<" : ">"} ?`;
  const afterBindings = !after ? [] : listing.sort ? [descending ? after.value !== null : after.value === null, after.value, after.id] : [after.id];
  // No CTE: a CTE read twice (page and count) would be materialised whole; each subquery here is planned on its own.
  const page =
    `select f.* from (select t.*, ${sortExpression} as __sort from "${listing.table}" t ${where}) f ${keyset}` +
    ` order by ${keyParts.map(part => `${part} ${descending ? "desc" : "asc"}`).join(", ")} limit ?`;
  // Unfiltered, a tallied table's total is one row kept by triggers, not a count of every record.
  const tallied = Boolean(listing.tallied && !listing.conditions.length && listing.standing?.length);
  const total =
    tallied
      ? `select coalesce((select k.rows from row_tally k where k.table_name = '${listing.table}'), 0)::int as total`
      : `select count(*)::int as total from "${listing.table}" t ${where}`;
  const query = withTotal ? `select p.*, c.total from (${total}) c left join lateral (${page}) p on true` : page;
  const bindings = [...(withTotal && !tallied ? conditionBindings : []), ...conditionBindings, ...afterBindings, limit + 1];
  const rows: Record<string, unknown>[] = await em.execute(query, bindings);
  const totalCount = withTotal ? Number(rows[0]?.total ?? 0) : 0;
  const found = rows.filter(row => row.id != null);
  const sortValues = found.map(row => row.__sort as string | number | null);
  const nodes = recordsFrom(em, entity, found.slice(0, limit));
  const edges = nodes.map((node, i) => ({ cursor: encodeOrderedCursor(listing.order, sortValues[i] ?? null, node.id), node }));
  return { totalCount, nodes, edges, pageInfo: { hasNextPage: found.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The sort of a list: the key for the field, or id alone; and the name that cursors carry. */
export function sortOf(keys: Record<string, SortKey | null>, order: { field: string; direction: SortDirection } | null | undefined) {
  const field = order?.field ?? "ID";
  const direction = order?.direction ?? SortDirection.ASC;
  return { sort: keys[field] ?? null, direction, order: `${field}:${direction}` };
}
