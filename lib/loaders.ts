import DataLoader from "dataloader";

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
