import { readFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";
import type { MikroORM } from "@mikro-orm/postgresql";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { postQuery } from "./helpers/graph";

/**
 * The partners' portal (/portal) and the partner store's fields in the graph, on a graph of its own (its writes change
 * what other stories count), in Debian's Chromium driven by playwright-core, as test/dashboard.int.test.ts does.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const OUTPUT = path.resolve(__dirname, "output");
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const serverUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/portalhub";
  return url.toString();
};

let running: RunningGraph;
let store: MikroORM;
let browser: Browser;
let base: string;
let adminKey: string;
let clusterId: string;

const as = (key: string | null) => (query: string, variables?: Record<string, unknown>) =>
  postQuery(running.gatewayUrl, query, variables, key ? { authorization: `Bearer ${key}` } : {});

/** A partner of its own for one story: its id and first key. */
async function newPartner(id: string, admin = false) {
  const made = await createPartner(store.em.fork(), { name: `Partner ${id}`, id, admin });
  return { id, key: made.key, keyId: made.keyId };
}

const GRANT = /* GraphQL */ `
  mutation Grant($id: ID!, $partnerId: ID!) { grantCluster(id: $id, partnerId: $partnerId) { partnerId entity recordId } }
`;

beforeAll(async () => {
  running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "on", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
  base = running.gatewayUrl.replace(/\/graphql$/, "");
  store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
  adminKey = (await newPartner("portal-admin", true)).key;
  const { data } = await as(null)(/* GraphQL */ `query FirstClusters { clusters(first: 5) { nodes { id } } }`);
  clusterId = data.clusters.nodes[0].id;
  mkdirSync(OUTPUT, { recursive: true });
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium), or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await store?.close();
  await running?.stop();
});

describe("keys and partners through the graph", () => {
  const KEYS = /* GraphQL */ `query MyKeys { me { id admin keys { id revokedAt } } }`;
  const ISSUE = /* GraphQL */ `mutation Issue { issueKey { key apiKey { id } } }`;
  const REVOKE = /* GraphQL */ `mutation Revoke($id: ID!) { revokeKey(id: $id) { id revokedAt } }`;

  it("lets a partner list its own keys, issue one (shown once) that works at once, and revoke it; another's keys stay out of reach", async () => {
    const lviv = await newPartner("lviv-keys");
    const other = await newPartner("other-keys");
    const issued = await as(lviv.key)(ISSUE);
    const { key, apiKey } = issued.data.issueKey;
    expect(key).toMatch(/^chk_/);

    const mine = await as(key)(KEYS);
    expect(mine.data.me).toEqual({ id: "lviv-keys", admin: false, keys: expect.arrayContaining([{ id: apiKey.id, revokedAt: null }, { id: lviv.keyId, revokedAt: null }]) });
    expect(mine.data.me.keys).toHaveLength(2);

    // Another partner's key id is answered as unknown, not as forbidden: key ids cannot be probed.
    const probe = await as(lviv.key)(REVOKE, { id: other.keyId });
    expect(probe.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "NOT_FOUND" }));
    expect((await as(other.key)(KEYS)).data.me.keys).toEqual([{ id: other.keyId, revokedAt: null }]);

    const revoked = await as(lviv.key)(REVOKE, { id: apiKey.id });
    expect(revoked.data.revokeKey.revokedAt).toEqual(expect.any(String));
    expect((await as(key)(KEYS)).status).toBe(401);
    expect((await as(null)(KEYS)).data).toEqual({ me: null });
  });

  it("lets only an administrator create partners, list them and grant records; the grant shows in the record's changes", async () => {
    const CREATE = /* GraphQL */ `mutation Create($input: CreatePartnerInput!) { createPartner(input: $input) { key partner { id name admin } } }`;
    const plain = await newPartner("plain-partner");
    expect((await as(plain.key)(CREATE, { input: { name: "Nope" } })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await as(plain.key)(`query { partners { id } }`)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await as(plain.key)(GRANT, { id: clusterId, partnerId: plain.id })).errors?.[0].extensions?.code).toBe("FORBIDDEN");

    const created = await as(adminKey)(CREATE, { input: { name: "Волинська агенція розвитку", id: "volyn-agency" } });
    expect(created.data.createPartner.partner).toEqual({ id: "volyn-agency", name: "Волинська агенція розвитку", admin: false });
    expect((await as(adminKey)(CREATE, { input: { name: "Again", id: "volyn-agency" } })).errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await as(adminKey)(CREATE, { input: { name: "Bad id", id: "Volyn Agency!" } })).errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "id" }));
    expect((await as(adminKey)(`query { partners { id } }`)).data.partners).toContainEqual({ id: "volyn-agency" });

    const granted = await as(adminKey)(GRANT, { id: clusterId, partnerId: "volyn-agency" });
    expect(granted.data.grantCluster).toEqual({ partnerId: "volyn-agency", entity: "Cluster", recordId: clusterId });
    expect((await as(adminKey)(GRANT, { id: "no-such-cluster", partnerId: "volyn-agency" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const { data } = await as(null)(`query Changes($id: ID!) { cluster(id: $id) { changes(first: 5) { action partnerId after } } }`, { id: clusterId });
    expect(data.cluster.changes).toContainEqual({ action: "GRANT", partnerId: "portal-admin", after: { grantedTo: "volyn-agency" } });
  });
});

/** What a visit saw: console errors and uncaught exceptions. */
interface Visit {
  page: Page;
  errors: string[];
}

async function open(context: BrowserContext, hash = ""): Promise<Visit> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", message => void (message.type() === "error" && !/status of 4\d\d/.test(message.text()) && errors.push(message.text())));
  page.on("pageerror", error => void errors.push(error.message));
  await page.goto(`${base}/portal${hash}`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors };
}

const ready = (page: Page) => page.waitForSelector("body[data-ready=true]");

async function signIn(page: Page, key: string) {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForSelector("nav");
  await ready(page);
}

/** Fills the source group of a form (`edit`, or a fact's add form such as `fact-labels-add`); a title of its own is a source of its own. */
async function fillSource(page: Page, title: string, form = "edit") {
  await page.locator(`#${form}-source-title`).fill(title);
  await page.locator(`#${form}-source-url`).fill(`https://example.org/${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`);
  await page.locator(`#${form}-source-publishedOn`).fill("2025-05");
  await page.locator(`#${form}-source-language`).fill("en");
}

async function axeViolations(page: Page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: the page itself runs no inline script.
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({ id: v.id, nodes: v.nodes.map(node => node.target.join(" ")) }));
  });
}

describe("the partners' portal in a browser", () => {
  it("signs in with a key it does not keep, lists the partner's record, and saves a description with its source as a new version with its audit entry", async () => {
    const partner = await newPartner("portal-editor");
    const created = await as(partner.key)(
      /* GraphQL */ `mutation Create($input: CreateClusterInput!) { createCluster(input: $input) { id } }`,
      { input: { id: "portal-editors-cluster", name: "Klaster Portalowy", country: "PL", source: { title: "Portal test", document: "portal-test.pdf", publishedOn: "2025", language: "pl" } } },
    );
    const clusterId = created.data.createCluster.id;
    const context = await browser.newContext({ locale: "en-GB" });
    const { page, errors } = await open(context);
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, partner.key);
    expect(await page.getByText("Signed in as Partner portal-editor").count()).toBe(1);

    const row = page.locator(`tr[data-record="Cluster/${clusterId}"]`);
    await row.waitFor();
    await page.getByLabel("Search by name").fill("zzzz-nothing");
    expect(await row.count()).toBe(0);
    await page.getByLabel("Search by name").fill("");
    await row.getByRole("link").click();
    await page.waitForSelector("form.edit");
    await ready(page);
    const version = Number(await page.locator("p.version").getAttribute("data-version"));
    expect(await axeViolations(page)).toEqual([]);

    await page.locator("#edit-description").fill("Described through the portal.");
    await fillSource(page, "Portal test source");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText(`Saved: version ${version + 1}.`).waitFor();
    expect(await page.locator('tr[data-field="description"] td').textContent()).toBe("Described through the portal.");
    expect(await page.locator("ol.history li").first().getAttribute("data-action")).toBe("UPDATE");
    expect(await page.locator("ol.history li").first().textContent()).toContain("by portal-editor");
    expect(await page.locator("#sources-title + ul").textContent()).toContain("Portal test source");

    // The key is nowhere in the browser: not in storage, and the cookie holds a session id of the server's.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(partner.key);
    const cookies = await context.cookies();
    expect(cookies.map(cookie => ({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }))).toEqual([{ name: "clusterhub_session", httpOnly: true, sameSite: "Strict" }]);
    expect(cookies[0].value).not.toContain(partner.key);
    await page.screenshot({ path: path.join(OUTPUT, "portal-record.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows a version conflict between two tabs, what changed in between, and lets the second re-apply its edit", async () => {
    const partner = await newPartner("portal-tabs");
    await as(adminKey)(GRANT, { id: clusterId, partnerId: partner.id });
    const context = await browser.newContext({ locale: "en-GB" });
    const first = await open(context);
    await signIn(first.page, partner.key);
    const second = await open(context, `#record/Cluster/${clusterId}`);
    await first.page.goto(`${base}/portal#record/Cluster/${clusterId}`);
    await ready(first.page);
    await first.page.waitForSelector("form.edit");
    await second.page.waitForSelector("form.edit");
    const version = Number(await second.page.locator("p.version").getAttribute("data-version"));

    await first.page.locator("#edit-description").fill("Written in the first tab.");
    await fillSource(first.page, "First tab's source");
    await first.page.getByRole("button", { name: "Save" }).click();
    await first.page.getByText(`Saved: version ${version + 1}.`).waitFor();

    await second.page.locator("#edit-city").fill("Lublin (second tab)");
    await fillSource(second.page, "Second tab's source");
    await second.page.getByRole("button", { name: "Save" }).click();
    const conflict = second.page.locator("section.conflict");
    await conflict.waitFor();
    expect(await conflict.locator('li[data-field="description"]').textContent()).toContain("Written in the first tab.");
    await second.page.getByRole("button", { name: `Re-apply my edit to version ${version + 1}` }).click();
    await second.page.getByText(`Saved: version ${version + 2}.`).waitFor();
    const { data } = await as(null)(`query Both($id: ID!) { cluster(id: $id) { description city version } }`, { id: clusterId });
    expect(data.cluster).toEqual({ description: "Written in the first tab.", city: "Lublin (second tab)", version: version + 2 });
    expect([...first.errors, ...second.errors]).toEqual([]);
    await context.close();
  });

  it("shows a refused value's message at the field it names, and keyboard focus goes there", async () => {
    const partner = await newPartner("portal-invalid");
    await as(adminKey)(GRANT, { id: clusterId, partnerId: partner.id });
    const context = await browser.newContext({ locale: "en-GB" });
    const { page, errors } = await open(context);
    await signIn(page, partner.key);
    await page.goto(`${base}/portal#record/Cluster/${clusterId}`);
    await page.waitForSelector("form.edit");
    await page.locator("#edit-description").fill("Fine.");
    await fillSource(page, "A source");
    await page.locator("#edit-source-language").fill("english");
    await page.getByRole("button", { name: "Save" }).click();
    const problem = page.locator("#edit-source-language-error");
    await problem.waitFor({ state: "visible" });
    expect(await problem.textContent()).toContain("two-letter ISO 639-1");
    expect(await page.locator("#edit-source-language").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("edit-source-language");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("issues and lists keys, and ends the session at once when the key it was made with is revoked", async () => {
    const partner = await newPartner("portal-keys");
    const context = await browser.newContext({ locale: "uk-UA" });
    const { page, errors } = await open(context);
    await page.getByLabel("API-ключ").fill(partner.key);
    await page.getByRole("button", { name: "Увійти" }).click();
    await page.waitForSelector("nav");
    await page.getByRole("link", { name: "Ключі" }).click();
    await page.getByRole("button", { name: "Видати новий ключ" }).click();
    const shown = await page.getByLabel("Ваш новий ключ (показується лише зараз)").inputValue();
    expect(shown).toMatch(/^chk_/);
    expect((await as(shown)(`query { me { id } }`)).data.me).toEqual({ id: "portal-keys" });
    expect(await page.locator("tr[data-key]").count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: `Відкликати ${partner.keyId}` }).click();
    await page.getByText("Вашу сесію завершено").waitFor();
    expect(await page.getByLabel("API-ключ").count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("adds a label and a founding date, and retracts and restores a membership, each under the record's contract", async () => {
    const partner = await newPartner("portal-facts");
    const source = { title: "Portal facts", document: "portal-facts.pdf", publishedOn: "2025", language: "pl" };
    const write = as(partner.key);
    await write(/* GraphQL */ `mutation C($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, {
      input: { id: "portal-facts-cluster", name: "Klaster Faktów", country: "PL", source },
    });
    const membership = await write(/* GraphQL */ `mutation M($input: CreateMembershipInput!) { createMembership(input: $input) { id } }`, {
      input: { id: "portal-facts-member", clusterId: "portal-facts-cluster", organisationId: "giz", roles: ["MEMBER"], source },
    });
    expect(membership.errors).toBeUndefined();
    const context = await browser.newContext({ locale: "en-GB" });
    const { page, errors } = await open(context);
    await signIn(page, partner.key);
    await page.goto(`${base}/portal#record/Cluster/portal-facts-cluster`);
    await page.waitForSelector("form.edit");

    const labels = page.locator('section[data-facts="labels"]');
    await labels.getByText("Add to Labels").click();
    await page.locator("#fact-labels-add-name").fill("Klaster testowy portalu");
    await fillSource(page, "Label's source", "fact-labels-add");
    await labels.getByRole("button", { name: "Add", exact: true }).click();
    await page.locator('section[data-facts="labels"] tr[data-fact]', { hasText: "Klaster testowy portalu" }).waitFor();
    expect(await page.locator('section[data-facts="labels"] tr[data-fact]').first().textContent()).toContain("Label's source");

    await page.locator('section[data-facts="founded"]').getByText("Add to Founded").click();
    await page.locator("#fact-founded-add-kind").selectOption("ESTABLISHED");
    await page.locator("#fact-founded-add-date").fill("2019");
    await page.locator("#fact-founded-add-asWritten").fill("założony w 2019 r.");
    await fillSource(page, "Founding's source", "fact-founded-add");
    await page.locator('section[data-facts="founded"]').getByRole("button", { name: "Add", exact: true }).click();
    await page.locator('section[data-facts="founded"] tr[data-fact]', { hasText: "2019" }).waitFor();

    await page.getByLabel("Why retract Membership portal-facts-member").fill("Not a member: the article names another cluster.");
    await page.getByRole("button", { name: "Retract Membership portal-facts-member" }).click();
    await page.locator('section[data-facts="memberships"] tr[data-fact="portal-facts-member"][data-retracted="true"]').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Restore Membership portal-facts-member" }).click();
    await page.locator('section[data-facts="memberships"] tr[data-fact="portal-facts-member"][data-retracted="false"]').waitFor();

    const { data } = await as(null)(
      /* GraphQL */ `query Facts { cluster(id: "portal-facts-cluster") { labels { name source { title } } founded { kind date } memberships { id changes { action } } } }`,
    );
    expect(data.cluster).toEqual({
      labels: [{ name: "Klaster testowy portalu", source: { title: "Label's source" } }],
      founded: [{ kind: "ESTABLISHED", date: "2019" }],
      memberships: [{ id: "portal-facts-member", changes: [{ action: "RESTORE" }, { action: "RETRACT" }, { action: "CREATE" }] }],
    });
    await page.screenshot({ path: path.join(OUTPUT, "portal-facts.png"), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("works from the keyboard alone: sign in, open a record, reach its form", async () => {
    const partner = await newPartner("portal-keyboard");
    await as(adminKey)(GRANT, { id: clusterId, partnerId: partner.id });
    const context = await browser.newContext({ locale: "en-GB" });
    const { page, errors } = await open(context);
    /** Presses Tab until the focus is on what `selector` finds (at most 60 times), as a keyboard user would. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate(s => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo("#key");
    await page.keyboard.type(partner.key);
    await page.keyboard.press("Enter");
    await page.waitForSelector(`tr[data-record="Cluster/${clusterId}"]`);
    await ready(page);
    await tabTo(`tr[data-record="Cluster/${clusterId}"] a`);
    await page.keyboard.press("Enter");
    await page.waitForSelector("form.edit");
    await ready(page);
    await tabTo("#edit-description");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("edit-description");
    expect(errors).toEqual([]);
    await context.close();
  });
});
