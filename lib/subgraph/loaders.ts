import DataLoader from "dataloader";
import { ReferenceKind, Utils, type EntityClass, type EntityMetadata, type EntityName, type FilterQuery } from "@mikro-orm/core";
import type { EntityManager, Knex } from "@mikro-orm/postgresql";

/** Orders rows to match the DataLoader keys; a missing key gets `null`. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map<K, V>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map(key => index.get(key) ?? null);
}

/** Groups rows under the DataLoader keys; a key with no rows gets `[]`. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K | K[]): V[][] {
  const groups = new Map<K, V[]>(keys.map(key => [key, []]));
  for (const row of rows) {
    const rowKeys = keyOf(row);
    for (const key of Array.isArray(rowKeys) ? rowKeys : [rowKeys]) groups.get(key)?.push(row);
  }
  return keys.map(key => groups.get(key)!);
}

/** A loader of one row per key, fetched in one statement per batch. */
export function oneLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K) {
  return new DataLoader<K, V | null>(async keys => byKey(keys, await fetch([...keys]), keyOf));
}

/** A loader of the rows under each key, fetched in one statement per batch. */
export function manyLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K | K[]) {
  return new DataLoader<K, V[]>(async keys => groupByKey(keys, await fetch([...keys]), keyOf));
}

type Order = "asc" | "desc" | "asc nulls first" | "asc nulls last" | "desc nulls first" | "desc nulls last";

// Statement texts of `findIn`, by entity, key property and order: built once from the metadata, never per request.
const findInStatements = new Map<string, string | null>();

/** The quoted column of a one-column property of `meta`, for the loaders' hand-built statements. */
function columnOf(em: EntityManager, meta: EntityMetadata): (property: string) => string {
  const platform = em.getPlatform();
  return name => {
    const prop = meta.properties[name as keyof typeof meta.properties];
    if (prop?.fieldNames?.length !== 1) throw new Error(`${meta.className}.${name} is not a one-column property`);
    return platform.quoteIdentifier(prop.fieldNames[0]);
  };
}

function findInStatement(em: EntityManager, meta: EntityMetadata, property: string, orderBy: Record<string, Order>, equal: string[] = []): string | null {
  const cacheKey = `${meta.className}\u0000${property}\u0000${JSON.stringify(orderBy)}\u0000${equal.join(",")}`;
  let sql = findInStatements.get(cacheKey);
  if (sql !== undefined) return sql;
  const platform = em.getPlatform();
  const column = columnOf(em, meta);
  // What em.find would select with nothing populated: lazy columns (search documents) left out. Anything it would
  // select or convert in SQL (formulas, embeddables, SQL-side custom types) sends the entity back to em.find.
  const unusual = !readsPlainly(em, meta);
  const columns = meta.props.filter(p => platform.shouldHaveColumn(p, [], undefined, false)).flatMap(p => p.fieldNames);
  sql = unusual
    ? null
    : `select ${columns.map(c => platform.quoteIdentifier(c)).join(", ")} from ${platform.quoteIdentifier(meta.tableName)} where ${column(property)} = any(?)${equal.map(name => ` and ${column(name)} = ?`).join("")}` +
      (Object.keys(orderBy).length ? ` order by ${Object.entries(orderBy).map(([name, order]) => `${column(name)} ${order}`).join(", ")}` : "");
  findInStatements.set(cacheKey, sql);
  return sql;
}

/**
 * Whether rows of `meta`'s table can become records by `recordsFrom`: one column per property, read as stored. A
 * formula, an embeddable or a type converted in SQL (other than JSON, which PostgreSQL's driver already parses) needs
 * MikroORM's own reading.
 */
function readsPlainly(em: EntityManager, meta: EntityMetadata): boolean {
  const platform = em.getPlatform();
  return !meta.props.some(p => {
    if (p.formula || p.embedded || p.kind === ReferenceKind.EMBEDDED) return true;
    if (p.kind !== ReferenceKind.SCALAR && !(p.kind === ReferenceKind.MANY_TO_ONE && p.mapToPk)) return true;
    const inSql = p.customType?.convertToJSValueSQL?.("c", platform);
    return inSql !== undefined && inSql !== "c";
  });
}

type RowReader = (row: Record<string, unknown>) => unknown;

// How rows of a table become records, by entity: built once from the metadata, never per row.
const rowReaders = new Map<string, RowReader | null>();

function rowReader(em: EntityManager, meta: EntityMetadata): RowReader | null {
  let reader = rowReaders.get(meta.className);
  if (reader !== undefined) return reader;
  if (!readsPlainly(em, meta)) {
    rowReaders.set(meta.className, null);
    return null;
  }
  const platform = em.getPlatform();
  const fields = meta.props
    .filter(p => platform.shouldHaveColumn(p, [], undefined, false))
    .map(p => ({ column: p.fieldNames[0], name: p.name, type: p.customType }));
  // MikroORM puts a setter for every property on the entity's prototype, which makes each assignment an accessor and
  // a change-tracking wrapper. Plain data properties on a prototype in between make assignments own data properties,
  // while the record stays an instance of the class.
  const prototype = Object.create(meta.class.prototype as object) as object;
  for (const { name } of fields) Object.defineProperty(prototype, name, { value: undefined, writable: true, enumerable: false, configurable: true });
  reader = row => {
    const record = Object.create(prototype) as Record<string, unknown>;
    for (const { column, name, type } of fields) {
      const value = row[column];
      record[name] = value == null || !type ? value : type.convertToJSValue(value, platform);
    }
    return record;
  };
  rowReaders.set(meta.className, reader);
  return reader;
}

/**
 * Rows of `entity`'s table as records to read: instances of its class with every column that em.find would load,
 * converted as it would, but not managed by `em`. Reads never change what they read, and a managed entity costs
 * MikroORM an accessor per property, an identity-map entry and a snapshot for change tracking: about 20 µs a row,
 * most of a long list's time. Writes load what they change with `em.findOne` (lib/records/writes.ts), managed as before.
 * Rows of an entity that `readsPlainly` refuses are mapped by `em.map`, as em.find would.
 */
export function recordsFrom<T extends object>(em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[]): T[] {
  const meta = em.getMetadata().get<T>(Utils.className(entity)) as EntityMetadata;
  const reader = rowReader(em, meta);
  return reader ? (rows.map(reader) as T[]) : rows.map(row => em.map(entity, row as never) as T);
}

/**
 * The rows of one SQL statement through knex, inside em's transaction when there is one (as em.find's would be). An
 * array binding goes as one array parameter, where em.execute would spread it into a list.
 */
async function rawRows<R>(em: EntityManager, sql: string, bindings: unknown[]): Promise<R[]> {
  const query = em.getConnection().getKnex().raw(sql, bindings as never);
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (transaction) query.transacting(transaction);
  return ((await query) as { rows: R[] }).rows;
}

/**
 * The loaders' one query: the rows of `entity` whose `property` is one of `keys`, as records to read (`recordsFrom`),
 * the same rows as `em.find(entity, { ...equal, [property]: { $in: keys } }, { orderBy })`; `equal` keeps the rows whose columns have
 * these values (a role, say), so a loader that wants some of a key's rows fetches no others. Its SQL is built once per entity, property and
 * order (the keys go as one array parameter), which spares MikroORM's query building on every call: about a third of
 * a millisecond of CPU per statement.
 */
export async function findIn<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  property: keyof T & string,
  keys: readonly string[],
  orderBy: Partial<Record<keyof T & string, Order>> = {},
  equal: Partial<Record<keyof T & string, string>> = {},
): Promise<T[]> {
  const meta = em.getMetadata().get<T>(entity.name);
  const sql = findInStatement(em, meta as EntityMetadata, property, orderBy as Record<string, Order>, Object.keys(equal));
  if (sql === null) return em.find(entity, { ...equal, [property]: { $in: [...keys] } } as FilterQuery<T>, { orderBy: orderBy as never });
  return recordsFrom(em, entity, await rawRows<Record<string, unknown>>(em, sql, [[...keys], ...Object.values(equal)]));
}

/**
 * The first `first` rows of `entity` under each of `keys` (its `property`), in `orderBy` order, as records to read
 * (`recordsFrom`): one statement for the whole batch, a lateral `limit` per key, so a page of parents with long lists reads only
 * the rows it returns (with an index on the property and the order, it walks that index and stops). `where` narrows
 * the rows first, over the alias `t`.
 */
export async function findFirstIn<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  property: keyof T & string,
  keys: readonly string[],
  first: number,
  orderBy: Partial<Record<keyof T & string, Order>>,
  where?: { sql: string; bindings: unknown[] },
): Promise<T[]> {
  const meta = em.getMetadata().get<T>(entity.name);
  const platform = em.getPlatform();
  const column = columnOf(em, meta as EntityMetadata);
  const order = Object.entries(orderBy).map(([name, direction]) => `${column(name)} ${direction}`);
  const rows = await rawRows<Record<string, unknown>>(
    em,
    `select r.* from unnest(?::text[]) with ordinality as k(key, n) cross join lateral (select t.* from ${platform.quoteIdentifier(meta.tableName)} t ` +
      `where t.${column(property)} = k.key${where ? ` and (${where.sql})` : ""} order by ${order.map(o => `t.${o}`).join(", ")} limit ?) r ` +
      `order by k.n, ${order.map(o => `r.${o}`).join(", ")}`,
    [[...keys], ...(where?.bindings ?? []), first],
  );
  return recordsFrom(em, entity, rows);
}

/** One loader for each set of arguments (a page size, a role…), made on first use and kept for the request. */
export function loaderPer<A extends unknown[], L>(make: (...args: A) => L): (...args: A) => L {
  const loaders = new Map<string, L>();
  return (...args: A) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(...args)));
    return loader;
  };
}

/**
 * The rows of `entity` whose JSON column `property` contains each of `probes` (`@>`), as records to read, each with the
 * index of the probe it contains: one statement for the whole batch, a lateral lookup per probe, so that a GIN index on
 * the column (`jsonb_path_ops`) answers each one.
 */
export async function findContaining<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  property: keyof T & string,
  probes: readonly unknown[],
): Promise<{ probe: number; record: T }[]> {
  const meta = em.getMetadata().get<T>(entity.name);
  const column = columnOf(em, meta as EntityMetadata);
  const rows = await rawRows<Record<string, unknown> & { probe_n: string }>(
    em,
    `select k.n as probe_n, r.* from unnest(?::jsonb[]) with ordinality as k(probe, n) cross join lateral ` +
      `(select t.* from ${em.getPlatform().quoteIdentifier(meta.tableName)} t where t.${column(property)} @> k.probe) r order by k.n`,
    [probes.map(probe => JSON.stringify(probe))],
  );
  const records = recordsFrom(em, entity, rows);
  return rows.map((row, i) => ({ probe: Number(row.probe_n) - 1, record: records[i] }));
}
