import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase, openDatabase, subgraphDatabaseUrl, type DatabaseOptions } from "../lib/platform/database";
import { clustersDatabase } from "../services/clusters/mikro-orm.config";
import { fundingDatabase } from "../services/funding/mikro-orm.config";
import { organisationsDatabase } from "../services/organisations/mikro-orm.config";

// The tallies are kept by triggers, so any writer counts: these stories write SQL as an operator or a loader would,
// on databases of their own (tallytest_<subgraph>) on the test PostgreSQL.

/** A migrated database of one subgraph for these stories, and a connection to it. */
async function tallyDatabase(subgraph: string, database: Omit<DatabaseOptions, "databaseUrl">) {
  const server = new URL(inject("graph").postgresUrl);
  server.pathname = "/tallytest";
  const databaseUrl = subgraphDatabaseUrl(server.toString(), subgraph);
  await ensureDatabase(databaseUrl);
  const { orm } = await openDatabase({ databaseUrl, ...database });
  await orm.getMigrator().up();
  await orm.close();
  return databaseUrl;
}

describe("each cluster's counts for the dashboards, kept as rows are written", () => {
  let databaseUrl: string;
  const clients: Client[] = [];
  const connect = async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    clients.push(client);
    return client;
  };
  let sql: Client;

  beforeAll(async () => {
    databaseUrl = await tallyDatabase("clusters", clustersDatabase);
    sql = await connect();
    await sql.query("truncate cluster, membership, member_count, cluster_tally cascade");
    await sql.query(`insert into cluster (id, name, country, source_ids) values ('a', 'Klaster A', 'PL', '{}'), ('b', 'Klaster B', 'UA', '{}')`);
  });
  afterAll(() => Promise.all(clients.map(client => client.end())));

  const join = (id: string, clusterId: string) =>
    `insert into membership (id, cluster_id, organisation_id, roles, source_ids) values ('${id}', '${clusterId}', 'org-${id}', '{MEMBER}', '{}')`;
  const report = (id: string, clusterId: string, count: number, asOf: string) =>
    `insert into member_count (id, cluster_id, count, qualifier, as_of, as_written, source_id) values ('${id}', '${clusterId}', ${count}, 'EXACTLY', '${asOf}', '${count}', 's')`;

  /** Every group of clusterStats, as the group tally keeps it or as counting clusters and memberships gives it. */
  async function groups(how: "tallied" | "counted") {
    const query =
      how === "tallied"
        ? `select dimension, key, clusters, memberships, reported_members as reported, clusters_with_member_count as counted from cluster_group_tally where clusters <> 0 or memberships <> 0 or reported_members <> 0 or clusters_with_member_count <> 0`
        : `select k.dimension, k.key, count(*)::int as clusters, sum(c.memberships)::int as memberships, coalesce(sum(c.latest), 0)::int as reported, count(c.latest)::int as counted from (` +
          `select t.*, (select count(*) from membership m where m.cluster_id = t.id and m.retracted is null) as memberships, ` +
          `(select mc.count from member_count mc where mc.cluster_id = t.id and mc.as_of is not null and mc.retracted is null order by mc.as_of desc, mc.id desc limit 1) as latest ` +
          `from cluster t where t.retracted is null) c ` +
          `cross join lateral (select 'COUNTRY', c.country union all select 'SECTOR', coalesce(s, '') from unnest(c.sectors) s union all select 'FOUNDED_YEAR', coalesce(c.founded_year::text, '')) k(dimension, key) group by 1, 2`;
    return (await sql.query(`${query} order by 1, 2`)).rows;
  }

  /** Each cluster's tally, and what counting its standing rows gives: the two must agree, and so must the groups of the standing clusters. */
  async function tallies() {
    const { rows } = await sql.query(
      `select c.id, coalesce(k.memberships, 0) as memberships, k.latest_member_count as latest, ` +
        `(select count(*)::int from membership m where m.cluster_id = c.id and m.retracted is null) as "countedMemberships", ` +
        `(select mc.count from member_count mc where mc.cluster_id = c.id and mc.as_of is not null and mc.retracted is null order by mc.as_of desc, mc.id desc limit 1) as "countedLatest" ` +
        `from cluster c left join cluster_tally k on k.cluster_id = c.id order by c.id`,
    );
    for (const row of rows) expect({ memberships: row.memberships, latest: row.latest }).toEqual({ memberships: row.countedMemberships, latest: row.countedLatest });
    expect(await groups("tallied")).toEqual(await groups("counted"));
    return Object.fromEntries(rows.map(row => [row.id, { memberships: row.memberships, latest: row.latest }]));
  }

  /** Waits until a statement of another session is blocked on a lock, so the interleaving is the one the story tells. */
  async function blocked() {
    for (let tries = 0; tries < 200; tries++) {
      const { rows } = await sql.query(`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if (rows[0].waiting > 0) return;
      await new Promise(resolve => setTimeout(resolve, 25));
    }
    throw new Error("no session waited for a lock");
  }

  it("counts memberships inserted several at a time, moved to another cluster and deleted", async () => {
    await sql.query(`insert into membership (id, cluster_id, organisation_id, roles, source_ids) values
      ('m1', 'a', 'o1', '{MEMBER}', '{}'), ('m2', 'a', 'o2', '{MEMBER}', '{}'), ('m3', 'a', 'o3', '{FOUNDER}', '{}'), ('m4', 'b', 'o4', '{MEMBER}', '{}')`);
    expect(await tallies()).toEqual({ a: { memberships: 3, latest: null }, b: { memberships: 1, latest: null } });
    await sql.query(`update membership set cluster_id = 'b' where id = 'm3'`);
    await sql.query(`update membership set roles = '{COORDINATOR}'`);
    expect(await tallies()).toEqual({ a: { memberships: 2, latest: null }, b: { memberships: 2, latest: null } });
    await sql.query(`delete from membership where id in ('m1', 'm4')`);
    expect(await tallies()).toEqual({ a: { memberships: 1, latest: null }, b: { memberships: 1, latest: null } });
  });

  it("loses no membership when two transactions add to the same cluster at once", async () => {
    const [first, second] = [await connect(), await connect()];
    await first.query("begin");
    await first.query(join("c1", "a"));
    await second.query("begin");
    // The second waits for the first's lock on cluster a's tally row, then adds to what the first committed.
    const waiting = second.query(join("c2", "a"));
    await blocked();
    await first.query("commit");
    await waiting;
    await second.query("commit");
    expect((await tallies()).a).toEqual({ memberships: 3, latest: null });
  });

  it("takes the later-dated member count as the latest, whichever of two concurrent reports commits first", async () => {
    await sql.query(report("r2018", "b", 5, "2018"));
    const [later, earlier] = [await connect(), await connect()];
    await later.query("begin");
    await later.query(report("r2025", "b", 20, "2025-01"));
    await earlier.query("begin");
    // Computed before the later report commits, the earlier one's answer (12) would overwrite 20.
    const waiting = earlier.query(report("r2024", "b", 12, "2024-01"));
    await blocked();
    await later.query("commit");
    await waiting;
    await earlier.query("commit");
    expect((await tallies()).b).toEqual({ memberships: 1, latest: 20 });
    await sql.query(`update member_count set as_of = '2026' where id = 'r2018'`);
    expect((await tallies()).b).toEqual({ memberships: 1, latest: 5 });
    await sql.query(`delete from member_count where id = 'r2018'`);
    expect((await tallies()).b).toEqual({ memberships: 1, latest: 20 });
  });

  it("moves a cluster's counts between dashboard groups when its country, sectors or founding year change", async () => {
    await sql.query(`update cluster set sectors = '{medycyna,IT}', founded_year = 2014 where id = 'a'`);
    await sql.query(`update cluster set country = 'BY', sectors = '{IT}' where id = 'b'`);
    await sql.query(`insert into cluster (id, name, country, sectors, source_ids) values ('c', 'Klaster C', 'PL', '{lotnictwo}', '{}')`);
    expect(await groups("tallied")).toContainEqual({ dimension: "SECTOR", key: "IT", clusters: 2, memberships: 4, reported: 20, counted: 1 });
    await sql.query(`delete from cluster where id = 'c'`);
    await tallies();
  });

  it("keeps a membership's count in the right group while its cluster moves to another country, in either order", async () => {
    for (const [country, first] of [["UA", "move"], ["PL", "join"]] as const) {
      const [mover, joiner] = [await connect(), await connect()];
      await mover.query("begin");
      await joiner.query("begin");
      const move = () => mover.query(`update cluster set country = '${country}' where id = 'a'`);
      const join_ = () => joiner.query(join(`race-${country}`, "a"));
      // The second waits for the first: the joiner to read the cluster's groups, the mover to change them.
      const [early, late] = first === "move" ? [move, join_] : [join_, move];
      await early();
      const waiting = late();
      await blocked();
      await (first === "move" ? mover : joiner).query("commit");
      await waiting;
      await (first === "move" ? joiner : mover).query("commit");
      await tallies();
    }
  });

  it("leaves retracted memberships, member counts and clusters out, and counts them again when restored", async () => {
    const retract = (table: string, where: string) => sql.query(`update ${table} set retracted = '{"reason": "Pomyłka", "by": "operator"}' where ${where}`);
    const restore = (table: string, where: string) => sql.query(`update ${table} set retracted = null where ${where}`);
    const before = await tallies();
    await retract("membership", "cluster_id = 'a'");
    await retract("member_count", "id = 'r2025'");
    expect(await tallies()).toEqual({ a: { memberships: 0, latest: null }, b: { ...before.b, latest: 12 } });
    // One statement that restores a membership and moves it to the other cluster counts it once, in its new cluster.
    const [moved] = (await sql.query("select id from membership where cluster_id = 'a' order by id limit 1")).rows;
    await sql.query(`update membership set retracted = null, cluster_id = 'b' where id = '${moved.id}'`);
    expect((await tallies()).b).toEqual({ memberships: before.b.memberships + 1, latest: 12 });
    await sql.query(`update membership set cluster_id = 'a' where id = '${moved.id}'`);
    await restore("membership", "cluster_id = 'a'");
    await restore("member_count", "id = 'r2025'");
    expect(await tallies()).toEqual(before);

    const groupsBefore = await groups("tallied");
    await retract("cluster", "id = 'a'");
    const without = await groups("tallied");
    expect(without).not.toEqual(groupsBefore);
    expect(without.filter(g => g.dimension === "COUNTRY").reduce((sum, g) => sum + g.clusters, 0)).toBe(1);
    // A retracted cluster's counts stay out of its groups while they change, and come back with it.
    await sql.query(join("while-retracted", "a"));
    expect(await groups("tallied")).toEqual(without);
    await restore("cluster", "id = 'a'");
    await tallies();
    await sql.query(`delete from membership where id = 'while-retracted'`);
    expect(await groups("tallied")).toEqual(groupsBefore);
  });

  it("starts again from nothing after TRUNCATE, as the synthetic loader does before its COPY", async () => {
    await sql.query("truncate membership");
    expect(await tallies()).toEqual({ a: { memberships: 0, latest: null }, b: { memberships: 0, latest: 20 } });
    await sql.query("truncate member_count");
    expect(await tallies()).toEqual({ a: { memberships: 0, latest: null }, b: { memberships: 0, latest: null } });
    expect((await sql.query("select count(*)::int as rows from cluster_tally")).rows).toEqual([{ rows: 0 }]);
  });
});

describe("the number of organisations, kept as they are written", () => {
  let sql: Client;
  beforeAll(async () => {
    sql = new Client({ connectionString: await tallyDatabase("organisations", organisationsDatabase) });
    await sql.connect();
    await sql.query("truncate organisation cascade");
  });
  afterAll(() => sql?.end());

  const add = (...ids: string[]) =>
    sql.query(`insert into organisation (id, name, kind, country, source_ids) values ${ids.map(id => `('${id}', 'Firma ${id}', 'COMPANY', 'PL', '{}')`).join(", ")}`);
  const tallied = async () => {
    const { rows } = await sql.query(`select coalesce((select rows from row_tally where table_name = 'organisation'), 0) as tallied, (select count(*)::int from organisation) as counted`);
    expect(rows[0].tallied).toBe(rows[0].counted);
    return rows[0].tallied;
  };

  it("counts organisations inserted, upserted and deleted, and starts again after TRUNCATE", async () => {
    await add("o1", "o2", "o3");
    expect(await tallied()).toBe(3);
    // The sample loader's upsert: rows already there are updated, not counted again.
    await sql.query(`insert into organisation (id, name, kind, country, source_ids) values ('o1', 'Firma', 'COMPANY', 'PL', '{}'), ('o4', 'Firma', 'COMPANY', 'PL', '{}') on conflict (id) do update set name = excluded.name`);
    expect(await tallied()).toBe(4);
    await sql.query(`delete from organisation where id in ('o2', 'o3')`);
    expect(await tallied()).toBe(2);
    await sql.query("truncate organisation cascade");
    expect(await tallied()).toBe(0);
    await add("o5");
    expect(await tallied()).toBe(1);
  });
});

describe("each funding programme's counts for fundingStats, kept as rows are written", () => {
  let sql: Client;
  beforeAll(async () => {
    sql = new Client({ connectionString: await tallyDatabase("funding", fundingDatabase) });
    await sql.connect();
    await sql.query("truncate funding_programme, funding_opportunity, funding_involvement, programme_tally cascade");
    await sql.query(`insert into funding_programme (id, name, source_ids) values ('p1', 'Programme 1', '{}'), ('p2', 'Programme 2', '{}')`);
  });
  afterAll(() => sql?.end());

  /** Each programme's tally, and what counting its rows gives: the two must agree. */
  async function tallies() {
    const { rows } = await sql.query(
      `select t.id, coalesce(k.opportunities, 0) as opportunities, coalesce(k.beneficiaries, 0) as beneficiaries, ` +
        `(select count(*)::int from funding_opportunity o where o.programme_id = t.id and o.retracted is null) as "countedOpportunities", ` +
        `(select count(*)::int from funding_involvement i where i.programme_id = t.id and i.role = 'BENEFICIARY' and i.retracted is null) as "countedBeneficiaries" ` +
        `from funding_programme t left join programme_tally k on k.programme_id = t.id order by t.id`,
    );
    for (const row of rows)
      expect([row.opportunities, row.beneficiaries]).toEqual([row.countedOpportunities, row.countedBeneficiaries]);
    return Object.fromEntries(rows.map(row => [row.id, [row.opportunities, row.beneficiaries]]));
  }
  const involve = (id: string, programme: string, role: string) =>
    `('${id}', '${programme}', 'org-${id}', '${role}', '{}')`;

  it("counts calls and beneficiaries as they are added, change role or programme, and are deleted", async () => {
    await sql.query(`insert into funding_opportunity (id, programme_id, title, source_ids) values ('o1', 'p1', 'Call 1', '{}'), ('o2', 'p1', 'Call 2', '{}')`);
    await sql.query(
      `insert into funding_involvement (id, programme_id, organisation_id, role, source_ids) values ` +
        [involve("f1", "p1", "FUNDER"), involve("b1", "p1", "BENEFICIARY"), involve("b2", "p1", "BENEFICIARY"), involve("b3", "p2", "BENEFICIARY")].join(", "),
    );
    expect(await tallies()).toEqual({ p1: [2, 2], p2: [0, 1] });
    await sql.query(`update funding_opportunity set programme_id = 'p2' where id = 'o2'`);
    await sql.query(`update funding_involvement set role = 'IMPLEMENTER' where id = 'b1'`);
    await sql.query(`update funding_involvement set role = 'BENEFICIARY' where id = 'f1'`);
    expect(await tallies()).toEqual({ p1: [1, 2], p2: [1, 1] });
    // A retraction leaves the count, a restoration comes back, however one statement mixes them with other changes.
    await sql.query(`update funding_involvement set retracted = '{"reason": "Pomyłka"}' where id in ('b2', 'f1')`);
    await sql.query(`update funding_opportunity set retracted = '{"reason": "Odwołany"}' where id = 'o1'`);
    expect(await tallies()).toEqual({ p1: [0, 0], p2: [1, 1] });
    await sql.query(`update funding_involvement set retracted = null, programme_id = case when id = 'f1' then 'p2' else programme_id end where id in ('b2', 'f1')`);
    await sql.query(`update funding_opportunity set retracted = null where id = 'o1'`);
    expect(await tallies()).toEqual({ p1: [1, 1], p2: [1, 2] });
    await sql.query(`update funding_involvement set programme_id = 'p1' where id = 'f1'`);
    expect(await tallies()).toEqual({ p1: [1, 2], p2: [1, 1] });
    await sql.query(`delete from funding_involvement where id in ('b2', 'b3')`);
    await sql.query(`delete from funding_opportunity where id = 'o1'`);
    expect(await tallies()).toEqual({ p1: [0, 1], p2: [1, 0] });
    await sql.query("truncate funding_involvement");
    expect(await tallies()).toEqual({ p1: [0, 0], p2: [1, 0] });
    // Involvements reference opportunities, so PostgreSQL truncates opportunities only with them.
    await sql.query("truncate funding_opportunity, funding_involvement");
    expect(await tallies()).toEqual({ p1: [0, 0], p2: [0, 0] });
    expect((await sql.query("select count(*)::int as rows from programme_tally")).rows).toEqual([{ rows: 0 }]);
  });
});
