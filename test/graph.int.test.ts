import { describe, expect, it } from "vitest";
import { theGraph } from "./helpers/graph";

const graph = theGraph();

describe("a dashboard builder", () => {
  it("lists the Polish clusters with their member counts over time", async () => {
    const data = await graph.data(/* GraphQL */ `
      query PolishClusters {
        clusters(filter: { country: PL }, first: 100) { totalCount nodes { id name memberCounts { count qualifier asOf source { fileName } } } }
      }
    `);
    expect(data.clusters.totalCount).toBe(7);
    expect(data.clusters.nodes.map((c: { id: string }) => c.id).sort()).toEqual([
      "klaster-life-science",
      "klaster-obrobki-metali",
      "lubelska-medycyna",
      "lubelski-klaster-biotechnologiczny",
      "lubelski-klaster-lotniczy",
      "polski-klaster-budowlany",
      "slaski-klaster-lotniczy",
    ]);
    const lubelska = data.clusters.nodes.find((c: { id: string }) => c.id === "lubelska-medycyna");
    expect(lubelska.memberCounts).toEqual([
      { count: 50, qualifier: "EXACTLY", asOf: "2015-03-16", source: { fileName: "001_f7e77101c763c025.txt" } },
      { count: 103, qualifier: "EXACTLY", asOf: "2016-12-01", source: { fileName: "002_bc3d7bdbfbda3925.txt" } },
    ]);
  });

  it("asks one question that crosses all five subgraphs", async () => {
    const data = await graph.data(/* GraphQL */ `
      query LvivClusterPanel {
        cluster(id: "medychnyi-klaster-lvivshchyny") {
          name
          country
          founded { date asWritten }
          latestMemberCount { count }
          memberCounts { count asOf }
          initiators { name }
          partnerships { id kind parties { role organisation { name kind } } }
          funding { role }
          events { kind dateAsWritten }
        }
      }
    `);
    expect(data.cluster).toEqual({
      name: "Медичний кластер Львівщини",
      country: "UA",
      founded: [{ date: null, asWritten: expect.stringContaining("3 червня") }],
      latestMemberCount: null,
      memberCounts: [{ count: 52, asOf: null }],
      // Article 000 names no initiator and no support to the cluster; it names GIZ, USAID and ПРООН as invited partners.
      initiators: [],
      partnerships: [
        {
          id: "medychnyi-klaster-lvivshchyny-mizhnarodni-partnery",
          kind: "SUPPORT",
          parties: expect.arrayContaining([
            { role: "ORGANISER", organisation: null },
            { role: "INVITED", organisation: { name: expect.stringContaining("GIZ"), kind: "DEVELOPMENT_AGENCY" } },
            { role: "INVITED", organisation: { name: "USAID", kind: "DEVELOPMENT_AGENCY" } },
            { role: "INVITED", organisation: expect.objectContaining({ kind: "INTERNATIONAL_ORGANISATION" }) },
          ]),
        },
      ],
      funding: [],
      // Article 000 gives no year for any of them: only its words for when, where it has any.
      events: [
        { kind: "FORUM", dateAsWritten: null },
        { kind: "MEETING", dateAsWritten: "В кінці квітня" },
        { kind: "GENERAL_MEETING", dateAsWritten: "3 червня" },
      ],
    });
  });

  it("keeps both founding dates of Lubelska Medycyna, each with its own article", async () => {
    const data = await graph.data(/* GraphQL */ `
      query LubelskaFounding { cluster(id: "lubelska-medycyna") { founded { kind date source { fileName } } foundedYear } }
    `);
    expect(data.cluster.founded).toEqual(
      expect.arrayContaining([
        { kind: "ESTABLISHED", date: "2014-01", source: { fileName: "002_bc3d7bdbfbda3925.txt" } },
        { kind: "INAUGURATED", date: "2015-02", source: { fileName: "001_f7e77101c763c025.txt" } },
      ]),
    );
    expect(data.cluster.foundedYear).toBe(2014);
  });

  it("shows the National Key Cluster status of the Podlaskie clusters", async () => {
    const data = await graph.data(/* GraphQL */ `
      query KeyClusters { clusters(filter: { country: PL }, first: 100) { nodes { id labels { nameEn source { url } } } } }
    `);
    const keyClusters = data.clusters.nodes
      .filter((c: { labels: { nameEn: string }[] }) => c.labels.some(l => l.nameEn === "National Key Cluster"))
      .map((c: { id: string }) => c.id)
      .sort();
    expect(keyClusters).toEqual(["klaster-obrobki-metali", "polski-klaster-budowlany"]);
  });
});

describe("an analyst", () => {
  it("finds the partnerships that link Poland and Belarus", async () => {
    const data = await graph.data(/* GraphQL */ `
      query PolandBelarus { partnerships(filter: { countries: [PL, BY] }) { totalCount nodes { id kind countries } } }
    `);
    expect(data.partnerships.totalCount).toBe(6);
    for (const node of data.partnerships.nodes) expect(node.countries).toEqual(expect.arrayContaining(["PL", "BY"]));
    const us = await graph.data(`{ partnerships(filter: { country: US }) { nodes { id kind } } }`);
    expect(us.partnerships.nodes).toEqual([{ id: "klaster-life-science-spolka-usa", kind: "JOINT_COMPANY" }]);
  });

  it("filters organisations by country and programmes by eligible country", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Belarus {
        organisations(filter: { country: BY }) { nodes { id kind } }
        fundingProgrammes(filter: { country: BY }) { nodes { id funders { id } implementers { id } } }
      }
    `);
    expect(data.organisations.nodes).toEqual([
      { id: "ministerstwo-gospodarki-republiki-bialorus", kind: "PUBLIC_AUTHORITY" },
      { id: "wolna-strefa-ekonomiczna-w-mohylewie", kind: "FREE_ECONOMIC_ZONE" },
    ]);
    // EU4Business's article names no eligible country: unknown, so the filter keeps it rather than hide it.
    expect(data.fundingProgrammes.nodes).toEqual([
      { id: "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp", funders: [{ id: "european-union" }, { id: "uriad-nimechchyny" }], implementers: [{ id: "giz" }] },
      { id: "wsparcie-rozwoju-gospodarczego-na-poziomie-lokalnym-w-republice-bialorus", funders: [{ id: "european-union" }], implementers: [{ id: "undp" }] },
    ]);
  });

  it("follows the links both ways between organisations, clusters, partnerships and funding", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Links {
        cityHall: organisation(id: "urzad-miasta-lublin") { memberships { roles cluster { id } } }
        pfrr: organisation(id: "podlaska-fundacja-rozwoju-regionalnego") { partnerships { id parties { role organisation { id country } cluster { id name } } } }
        metal: cluster(id: "klaster-obrobki-metali") { partnerships { id } }
        visit: partnership(id: "wizyta-studyjna-delegacji-bialoruskiej-podlaskie") { funding { role programme { id } } }
        eu: organisation(id: "european-union") { funding { role programme { id } } }
        lubelska: cluster(id: "lubelska-medycyna") { memberships { organisation { id name } } }
      }
    `);
    expect(data.cityHall.memberships.map((m: { cluster: { id: string } }) => m.cluster.id).sort()).toEqual([
      "lubelska-medycyna",
      "lubelski-klaster-biotechnologiczny",
      "lubelski-klaster-lotniczy",
    ]);
    expect(data.pfrr.partnerships.map((p: { id: string }) => p.id).sort()).toEqual([
      "pfrr-projekt-wdrazania-systemu-klastrowego-na-bialorusi",
      "pfrr-seminaria-bialorus",
      "pfrr-seminaria-bialorus-listopad",
      "pfrr-wse-mohylew-porozumienie",
    ]);
    const seminars = data.pfrr.partnerships.find((p: { id: string }) => p.id === "pfrr-seminaria-bialorus");
    expect(seminars.parties).toContainEqual({ role: "EXPERT", organisation: null, cluster: { id: "klaster-obrobki-metali", name: "Klaster Obróbki Metali" } });
    expect(data.metal.partnerships.map((p: { id: string }) => p.id).sort()).toEqual(["pfrr-projekt-wdrazania-systemu-klastrowego-na-bialorusi", "pfrr-seminaria-bialorus"]);
    expect(data.visit.funding).toEqual([
      { role: "BENEFICIARY", programme: { id: "wsparcie-rozwoju-gospodarczego-na-poziomie-lokalnym-w-republice-bialorus" } },
    ]);
    expect(data.eu.funding.every((f: { role: string }) => f.role === "FUNDER")).toBe(true);
    expect(data.eu.funding).toHaveLength(2);
    expect(data.lubelska.memberships).toContainEqual({ organisation: { id: "compugroup-medical-polska", name: "CompuGroup Medical Polska" } });
  });

  it("pages through every cluster with cursors, none twice", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const data: any = await graph.data(
        `query Page($after: String) { clusters(first: 3, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...data.clusters.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(data.clusters.pageInfo.endCursor).toBe(data.clusters.edges.at(-1)?.cursor ?? null);
      if (!data.clusters.pageInfo.hasNextPage) break;
      after = data.clusters.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });

  it("can trace every cluster, organisation and partnership to an article", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Sources {
        clusters(first: 100) { nodes { id sources { title language fileName } } }
        organisations(first: 100) { nodes { id sources { fileName } } }
        partnerships(first: 100) { nodes { id sources { fileName } parties { sources { fileName } } } }
        fundingProgrammes(first: 100) { nodes { id sources { fileName } involvements { sources { fileName } } } }
      }
    `);
    const records = [
      ...data.clusters.nodes,
      ...data.organisations.nodes,
      ...data.partnerships.nodes,
      ...data.partnerships.nodes.flatMap((p: { parties: unknown[] }) => p.parties),
      ...data.fundingProgrammes.nodes,
      ...data.fundingProgrammes.nodes.flatMap((p: { involvements: unknown[] }) => p.involvements),
    ];
    for (const record of records) expect(record.sources.length, JSON.stringify(record)).toBeGreaterThan(0);
    expect(data.clusters.nodes.find((c: { id: string }) => c.id === "medychnyi-klaster-lvivshchyny").sources).toEqual([
      { title: "Медичний бізнес Львівщини об’єднується в кластер заради спільної мети", language: "uk", fileName: "000_67a849953958aec4.txt" },
    ]);
  });
});

describe("bad input", () => {
  it("refuses an unknown country code, naming it", async () => {
    const response = await graph.query(`{ clusters(filter: { country: XX }) { totalCount } }`);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.errors?.[0].message).toMatch(/"XX".*CountryCode/);
  });

  it("refuses a page larger than 100, naming the argument", async () => {
    const response = await graph.query(`{ organisations(first: 1000) { totalCount } }`);
    expect(response.errors).toEqual([
      expect.objectContaining({ message: 'Invalid value for "first": must be between 1 and 100, got 1000', extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    ]);
    expect(response.data?.organisations ?? null).toBeNull();
  });

  it("refuses a cursor the graph did not issue", async () => {
    const response = await graph.query(`{ partnerships(after: "not-a-cursor") { totalCount } }`);
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain('"after"');
  });

  it("answers null for an unknown id, without an error", async () => {
    const response = await graph.query(`{ cluster(id: "no-such-cluster") { name } organisation(id: "nope") { name } fundingProgramme(id: "nope") { name } }`);
    expect(response).toEqual({ status: 200, data: { cluster: null, organisation: null, fundingProgramme: null } });
  });
});
