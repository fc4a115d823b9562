/// <reference lib="dom" />
import schema from "portal:schema";
import { h } from "../dashboard/dom";
import { FieldProblem, humanize, inputForm } from "./forms";
import { ask, currentSession, signIn, signOut, type GraphError, type Session } from "./graph";
import { LANGUAGES, portalLabel, preferredLanguage, type Language, type PortalLabel } from "./i18n";
import { createPartnerMutation, issueKeyMutation, myKeysQuery, partnersQuery, revokeKeyMutation } from "./queries";
import type { Action, FactList, FieldInfo, PortalSchema } from "./schema";

type RecordInfo = PortalSchema["records"][number];
type Values = Record<string, unknown>;

const LANGUAGE_KEY = "portal-language";
let language: Language = (localStorage.getItem(LANGUAGE_KEY) as Language | null) ?? preferredLanguage(navigator.languages);
let session: Session | null = null;
/** Said once on the sign-in form: why the last session ended. */
let notice: PortalLabel | null = null;

const t = (key: PortalLabel, values?: Record<string, string | number>) => portalLabel(language, key, values);
const main = () => document.querySelector("main")!;
const status = (text: string, kind: "status" | "alert" = "status") => h("p", { role: kind, class: kind === "alert" ? "problem" : "note" }, text);
const show = (value: unknown) => (value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
const codeOf = (errors: GraphError[], code: string) => errors.find(error => error.extensions?.code === code);

/** Every route is a hash, so that a record can be opened in another tab and the back button works. */
function route(): string[] {
  return decodeURIComponent(location.hash.replace(/^#/, "")).split("/").filter(Boolean);
}

/** Ends the page's view of a session that the server no longer knows (signed out elsewhere, expired, key revoked). */
async function stillSignedIn(): Promise<boolean> {
  session = await currentSession();
  if (session) return true;
  notice = "sessionEnded";
  await render();
  return false;
}

/** An answer's failure, as a line of the page; an ended session sends the page back to sign-in. */
async function failed(errors: GraphError[]): Promise<HTMLElement | null> {
  if (codeOf(errors, "UNAUTHENTICATED") && !(await stillSignedIn())) return null;
  return status(t("failed", { message: errors.map(error => error.message).join("; ") }), "alert");
}

function header(): HTMLElement {
  const select = h("select", { id: "language" }, ...LANGUAGES.map(code => h("option", { value: code, lang: code }, { uk: "Українська", pl: "Polski", en: "English" }[code])));
  select.value = language;
  select.addEventListener("change", () => {
    language = select.value as Language;
    localStorage.setItem(LANGUAGE_KEY, language);
    void render();
  });
  const who = session
    ? h(
        "p",
        { class: "who" },
        t("signedInAs", { name: session.partner.name, id: session.partner.id }),
        session.partner.admin ? ` · ${t("administrator")}` : "",
        " ",
        button(t("signOut"), async () => {
          await signOut();
          session = null;
          location.hash = "";
          await render();
        }),
      )
    : null;
  return h("header", {}, h("h1", {}, t("title")), h("div", { class: "language" }, h("label", { for: "language" }, t("language")), select), who);
}

function button(text: string, onClick: () => unknown, attributes: Record<string, string> = {}): HTMLButtonElement {
  const element = h("button", { type: "button", ...attributes }, text);
  element.addEventListener("click", () => void onClick());
  return element;
}

function nav(current: string): HTMLElement {
  const items: [string, PortalLabel][] = [["records", "records"], ["keys", "keys"]];
  if (session?.partner.admin) items.push(["admin", "admin"]);
  return h(
    "nav",
    { "aria-label": t("nav") },
    h("ul", {}, ...items.map(([hash, label]) => h("li", {}, h("a", { href: `#${hash}`, "aria-current": current === hash ? "page" : undefined }, t(label))))),
  );
}

function signInView(): HTMLElement {
  const input = h("input", { id: "key", type: "password", autocomplete: "off", required: "", spellcheck: "false" });
  const message = h("div", { "aria-live": "polite" }, notice ? status(t(notice), "alert") : null);
  notice = null;
  const form = h("form", { class: "sign-in" }, h("label", { for: "key" }, t("key")), input, h("button", { type: "submit" }, t("signIn")), message);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const answer = await signIn(input.value.trim());
    // The key leaves the page at once: it is in neither the field, nor the page's memory, nor any storage.
    input.value = "";
    if (typeof answer === "string") return void message.replaceChildren(status(t("keyRefused"), "alert"));
    session = answer;
    location.hash = "#records";
    await render();
  });
  return h("section", { "aria-labelledby": "sign-in-title" }, h("h2", { id: "sign-in-title" }, t("signInTitle")), h("p", {}, t("signInIntro")), form);
}

const nameField = (record: RecordInfo) => ["name", "title"].find(name => record.fields.some(field => field.name === name)) ?? "id";

/** My records: every type's root list, in the caller's scope (`mine` where the list has it), filtered here by type and name. */
async function recordsView(): Promise<HTMLElement> {
  const listed = schema.records.filter(record => record.list);
  const admin = session!.partner.admin;
  const query = `query PortalMyRecords { ${listed
    .map((record, i) => `t${i}: ${record.list}(first: 100${record.listMine && !admin ? ", mine: true" : ""}) { nodes { id version ownerId ${nameField(record)} } }`)
    .join(" ")} }`;
  const answer = await ask<Record<string, { nodes: Values[] } | null>, never>(query);
  const section = h("section", { "aria-labelledby": "records-title" }, h("h2", { id: "records-title" }, t("records")));
  if (answer.errors.length) {
    const problem = await failed(answer.errors);
    if (problem) section.append(problem);
  }
  // Without `mine`, a partner's own records are those it owns; an administrator may change every record.
  const rows = listed.flatMap((record, i) =>
    (answer.data?.[`t${i}`]?.nodes ?? [])
      .filter(node => admin || record.listMine || node.ownerId === session!.partner.id)
      .map(node => ({ record, node, name: show(node[nameField(record)]) })),
  );
  const search = h("input", { id: "records-search", type: "search" });
  const type = h("select", { id: "records-type" }, h("option", { value: "" }, t("allTypes")), ...listed.map(record => h("option", { value: record.type }, humanize(record.type))));
  const body = h("tbody");
  const empty = h("p", { class: "note", hidden: "" }, t("noRecords"));
  const draw = () => {
    const words = search.value.trim().toLowerCase();
    const shown = rows.filter(row => (!type.value || row.record.type === type.value) && (!words || row.name.toLowerCase().includes(words) || String(row.node.id).includes(words)));
    body.replaceChildren(
      ...shown.map(row =>
        h(
          "tr",
          { "data-record": `${row.record.type}/${String(row.node.id)}` },
          h("td", {}, h("a", { href: `#record/${row.record.type}/${encodeURIComponent(String(row.node.id))}`, "aria-label": t("open", { name: row.name }) }, row.name)),
          h("td", {}, humanize(row.record.type)),
          h("td", {}, show(row.node.ownerId)),
          h("td", {}, show(row.node.version)),
        ),
      ),
    );
    empty.hidden = shown.length > 0;
  };
  search.addEventListener("input", draw);
  type.addEventListener("change", draw);
  draw();
  section.append(
    h("div", { class: "filters" }, h("label", { for: "records-search" }, t("search")), search, h("label", { for: "records-type" }, t("type")), type),
    h("table", {}, h("thead", {}, h("tr", {}, ...[t("records"), t("type"), t("owner"), t("version")].map(text => h("th", { scope: "col" }, text)))), body),
    empty,
  );
  return section;
}

/** The record's query, built from the schema: every field that is a value, its sources and its changes. */
function recordQuery(record: RecordInfo): string {
  const values = record.fields.filter(field => (field.type.kind === "SCALAR" || field.type.kind === "ENUM") && !["id", "version", "ownerId"].includes(field.name)).map(field => field.name);
  const has = (name: string) => record.fields.some(field => field.name === name);
  const facts = record.facts.map(
    fact =>
      `${fact.field}(includeRetracted: true) { ${fact.values.join(" ")} ${fact.links.map(link => `${link} { name }`).join(" ")} ${fact.hasSource ? "source { title }" : ""} retracted { reason } }`,
  );
  return `query PortalRecord($id: ID!) { record: ${record.one}(id: $id) { id version ownerId ${values.join(" ")} ${
    has("sources") ? "sources { id title url publisher publishedOn language }" : ""
  } ${has("changes") ? "changes(first: 20) { id action partnerId at before after }" : ""} ${facts.join(" ")} } }`;
}

async function loadRecord(record: RecordInfo, id: string): Promise<{ values: Values | null; errors: GraphError[] }> {
  const answer = await ask<{ record: Values | null }, { id: string }>(recordQuery(record), { id });
  return { values: answer.data?.record ?? null, errors: answer.errors };
}

/** What differs between two readings of a record, field by field (its history and sources left out). */
function differences(before: Values, after: Values): { field: string; before: string; after: string }[] {
  return Object.keys(after)
    .filter(field => !["changes", "sources", "version"].includes(field) && show(before[field]) !== show(after[field]))
    .map(field => ({ field, before: show(before[field]), after: show(after[field]) }));
}

function factsTable(record: RecordInfo, values: Values): HTMLElement {
  const lists = new Set(record.facts.map(fact => fact.field));
  const rows = Object.entries(values).filter(([field]) => !["changes", "sources"].includes(field) && !lists.has(field));
  return h(
    "table",
    { class: "facts" },
    h("caption", {}, t("facts")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("field")), h("th", { scope: "col" }, t("value")))),
    h("tbody", {}, ...rows.map(([field, value]) => h("tr", { "data-field": field }, h("th", { scope: "row" }, humanize(field)), h("td", {}, show(value))))),
  );
}

function sourcesList(values: Values): HTMLElement {
  const sources = (values.sources as Values[] | undefined) ?? [];
  return h(
    "section",
    { "aria-labelledby": "sources-title" },
    h("h3", { id: "sources-title" }, t("sources")),
    h("ul", {}, ...sources.map(source => h("li", {}, show(source.title), source.publishedOn ? ` (${show(source.publishedOn)})` : "", source.url ? h("span", {}, " · ", h("a", { href: String(source.url), rel: "noreferrer" }, String(source.url))) : ""))),
  );
}

function historyList(values: Values): HTMLElement {
  const changes = (values.changes as Values[] | undefined) ?? [];
  return h(
    "section",
    { "aria-labelledby": "history-title" },
    h("h3", { id: "history-title" }, t("history")),
    changes.length
      ? h(
          "ol",
          { class: "history" },
          ...changes.map(change => {
            const changed = differences((change.before as Values | null) ?? {}, (change.after as Values | null) ?? {}).map(d => humanize(d.field));
            return h(
              "li",
              { "data-change": show(change.id), "data-action": show(change.action) },
              h("strong", {}, show(change.action)),
              ` ${show(change.at)} · ${t("by", { partner: show(change.partnerId) })}`,
              changed.length ? h("div", {}, t("changedFields", { fields: changed.join(", ") })) : null,
            );
          }),
        )
      : h("p", { class: "note" }, t("noHistory")),
  );
}

/** A record's page: its facts, sources and history, and the form to change it, built from its update input. */
async function recordView(typeName: string, id: string): Promise<HTMLElement> {
  const record = schema.records.find(candidate => candidate.type === typeName);
  const section = h("section", { "aria-labelledby": "record-title" }, h("p", {}, h("a", { href: "#records" }, t("back"))));
  if (!record) return section;
  const { values, errors } = await loadRecord(record, id);
  if (!values) {
    const problem = await failed(errors.length ? errors : [{ message: `${typeName} ${id}` }]);
    if (problem) section.append(problem);
    return section;
  }
  section.append(
    h("h2", { id: "record-title" }, `${humanize(typeName)}: ${show(values[nameField(record)])}`),
    h("p", { class: "version", "data-version": show(values.version) }, `${t("version")} ${show(values.version)} · ${t("owner")}: ${show(values.ownerId) || "—"}`),
    factsTable(record, values),
    ...record.facts.map(fact => factSection(record, fact, values)),
    sourcesList(values),
    historyList(values),
    editForm(record, values),
  );
  return section;
}

const lowerFirst = (text: string) => text.replace(/^./, c => c.toLowerCase());
const typeText = (ref: FieldInfo["type"]) => (ref.list ? `[${ref.name}!]` : ref.name) + (ref.required ? "!" : "");

/** Calls a fact's mutation, filling in the ids and the version it needs; `asked` holds what the partner gave (input, reason). */
async function act(action: Action, record: RecordInfo, values: Values, fact: Values | null, asked: Values) {
  const variables: Values = {};
  for (const arg of action.args) {
    if (arg.name === "expectedVersion") variables[arg.name] = action.returnsRecord || !fact ? values.version : fact.version;
    else if (arg.name === "id") variables[arg.name] = fact ? fact.id : values.id;
    else if (arg.name === `${lowerFirst(record.type)}Id`) variables[arg.name] = values.id;
    else if (arg.name in asked) variables[arg.name] = asked[arg.name];
  }
  const declared = action.args.filter(arg => arg.name in variables);
  const mutation = `mutation PortalFact(${declared.map(arg => `$${arg.name}: ${typeText(arg.type)}`).join(", ")}) { result: ${action.mutation}(${declared
    .map(arg => `${arg.name}: $${arg.name}`)
    .join(", ")}) { __typename } }`;
  return ask<{ result: unknown }, Values>(mutation, variables);
}

/** After a fact's write: the record's page again, saying which version it is at now. */
async function afterFactWrite(record: RecordInfo, id: string, field: string) {
  const page = await recordView(record.type, id);
  main().replaceChildren(nav("records"), page);
  const version = page.querySelector("p.version")?.getAttribute("data-version") ?? "";
  page.querySelector(`[data-facts="${field}"] .fact-outcome`)?.replaceChildren(status(t("done", { version })));
}

/** One list of facts (labels, founding dates, memberships): each with its values, source and state, retract or restore, and a form to add one. */
function factSection(record: RecordInfo, fact: FactList, values: Values): HTMLElement {
  const items = (values[fact.field] as Values[] | null) ?? [];
  const title = humanize(fact.field);
  const outcome = h("div", { class: "fact-outcome", "aria-live": "polite" });
  const id = `fact-${fact.field}`;
  const fail = async (errors: GraphError[]) => outcome.replaceChildren((await failed(errors)) ?? "");
  const columns = [...fact.values, ...fact.links];
  const rows = items.map(item => {
    const what = `${humanize(fact.type)} ${show(item.id)}`;
    const retracted = item.retracted as Values | null;
    let action: HTMLElement | string = "";
    if (retracted && fact.restore) {
      const restore = fact.restore;
      action = button(t("restore", { what }), async () => {
        const answer = await act(restore, record, values, item, {});
        if (answer.errors.length) return fail(answer.errors);
        await afterFactWrite(record, String(values.id), fact.field);
      });
    } else if (!retracted && fact.retract) {
      const retract = fact.retract;
      const reasonId = `${id}-${show(item.id)}-reason`;
      const reason = h("input", { id: reasonId, type: "text" });
      action = h(
        "div",
        { class: "retract" },
        h("label", { for: reasonId }, t("reason", { what })),
        reason,
        button(t("retract", { what }), async () => {
          const answer = await act(retract, record, values, item, { reason: reason.value.trim() });
          if (answer.errors.length) return fail(answer.errors);
          await afterFactWrite(record, String(values.id), fact.field);
        }),
      );
    }
    return h(
      "tr",
      { "data-fact": show(item.id), "data-retracted": retracted ? "true" : "false" },
      ...columns.map(column => h("td", {}, column === "id" ? show(item.id) : fact.links.includes(column) ? show((item[column] as Values | null)?.name) : show(item[column]))),
      fact.hasSource ? h("td", {}, show((item.source as Values | null)?.title)) : null,
      h("td", {}, retracted ? t("retractedBecause", { reason: show(retracted.reason) }) : t("standing")),
      h("td", {}, action),
    );
  });
  const table = h(
    "table",
    { class: "fact-list" },
    h("thead", {}, h("tr", {}, ...[...columns.map(humanize), ...(fact.hasSource ? [t("factSource")] : []), t("state"), ""].map(text => h("th", { scope: "col" }, text)))),
    h("tbody", {}, ...rows),
  );
  const section = h("section", { class: "facts", "data-facts": fact.field, "aria-labelledby": `${id}-title` }, h("h3", { id: `${id}-title` }, title), table);
  const inputArg = fact.add?.args.find(arg => arg.name === "input");
  if (fact.add && inputArg) {
    const add = fact.add;
    const labels = { keep: t("keep"), yes: t("yes"), no: t("no"), jsonHint: t("jsonHint"), linesHint: t("linesHint") };
    const form = inputForm(schema, inputArg.type.name, { [`${lowerFirst(record.type)}Id`]: values.id }, `${id}-add`, labels, { fresh: true });
    const element = h("form", { class: "add", "aria-label": t("addTitle", { list: title }), novalidate: "" }, form.element, h("button", { type: "submit" }, t("add")));
    element.addEventListener("submit", async event => {
      event.preventDefault();
      form.clearProblems();
      const answer = await act(add, record, values, null, { input: form.collect() });
      const invalid = codeOf(answer.errors, "BAD_USER_INPUT");
      if (invalid) {
        const problems = invalid.extensions?.problems ?? [{ field: invalid.extensions?.argument ?? "", problem: invalid.message }];
        for (const problem of problems) form.showProblem(problem.field, problem.problem);
        outcome.replaceChildren(status(invalid.message, "alert"));
        return;
      }
      if (answer.errors.length) return fail(answer.errors);
      await afterFactWrite(record, String(values.id), fact.field);
    });
    // Folded: a record holds several lists, and each form is long (its source included).
    section.append(h("details", { class: "add" }, h("summary", {}, t("addTitle", { list: title })), element));
  }
  section.append(outcome);
  return section;
}

function editForm(record: RecordInfo, base: Values): HTMLElement {
  const labels = { keep: t("keep"), yes: t("yes"), no: t("no"), jsonHint: t("jsonHint"), linesHint: t("linesHint") };
  const form = inputForm(schema, record.input, base, "edit", labels);
  const outcome = h("div", { class: "outcome", "aria-live": "polite" });
  const element = h("form", { class: "edit", "aria-labelledby": "edit-title", novalidate: "" }, h("h3", { id: "edit-title" }, t("edit")), h("p", {}, t("editIntro")), form.element, h("button", { type: "submit" }, t("save")), outcome);
  const mutation = `mutation PortalUpdate($id: ID!, $expectedVersion: Int!, $input: ${record.input}!) { result: ${record.update}(id: $id, expectedVersion: $expectedVersion, input: $input) { id version } }`;

  const send = async (input: Values, expectedVersion: number) => {
    form.clearProblems();
    const answer = await ask<{ result: { version: number } | null }, Values>(mutation, { id: base.id, expectedVersion, input });
    if (answer.data?.result) {
      const saved = answer.data.result.version;
      const page = await recordView(record.type, String(base.id));
      main().replaceChildren(nav("records"), page);
      page.querySelector(".outcome")?.replaceChildren(status(t("saved", { version: saved })));
      return;
    }
    const conflict = codeOf(answer.errors, "CONFLICT");
    if (conflict) return void (await showConflict(input, expectedVersion));
    const invalid = codeOf(answer.errors, "BAD_USER_INPUT");
    if (invalid) {
      const problems = invalid.extensions?.problems ?? [{ field: invalid.extensions?.argument ?? "", problem: invalid.message }];
      const placed = problems.map(problem => form.showProblem(problem.field, problem.problem === invalid.message ? invalid.message : `${problem.field}: ${problem.problem}`));
      outcome.replaceChildren(status(placed.some(Boolean) ? t("invalid") : invalid.message, "alert"));
      (element.querySelector("[aria-invalid=true]") as HTMLElement | null)?.focus();
      return;
    }
    const problem = await failed(answer.errors);
    if (problem) outcome.replaceChildren(problem);
  };

  const showConflict = async (input: Values, expectedVersion: number) => {
    const fresh = (await loadRecord(record, String(base.id))).values;
    if (!fresh) return;
    const now = Number(fresh.version);
    const changes = differences(base, fresh);
    const panel = h(
      "section",
      { class: "conflict", role: "alert", "aria-labelledby": "conflict-title" },
      h("h4", { id: "conflict-title" }, t("conflictTitle")),
      h("p", {}, t("conflictIntro", { base: expectedVersion, now })),
      h("ul", {}, ...changes.map(change => h("li", { "data-field": change.field }, h("strong", {}, humanize(change.field)), `: ${change.before || "—"} → ${change.after || "—"}`))),
      button(t("reapply", { now }), () => send(input, now), { class: "reapply" }),
      " ",
      button(t("discard"), async () => main().replaceChildren(nav("records"), await recordView(record.type, String(base.id)))),
    );
    outcome.replaceChildren(panel);
    (panel.querySelector("button.reapply") as HTMLButtonElement).focus();
  };

  element.addEventListener("submit", async event => {
    event.preventDefault();
    let input: Values;
    try {
      input = form.collect();
    } catch (error) {
      if (error instanceof FieldProblem) form.showProblem(error.path, error.message);
      return;
    }
    if (!Object.keys(input).some(field => field !== "source")) return void outcome.replaceChildren(status(t("unchanged")));
    await send(input, Number(base.version));
  });
  return element;
}

async function keysView(): Promise<HTMLElement> {
  const section = h("section", { "aria-labelledby": "keys-title" }, h("h2", { id: "keys-title" }, t("keys")), h("p", {}, t("keysIntro")));
  const answer = await ask(myKeysQuery);
  const me = answer.data?.me;
  if (!me) {
    const problem = await failed(answer.errors.length ? answer.errors : [{ message: "", extensions: { code: "UNAUTHENTICATED" } }]);
    if (problem) section.append(problem);
    return section;
  }
  const fresh = h("div", { "aria-live": "polite" });
  const issue = button(t("issue"), async () => {
    const issued = await ask(issueKeyMutation);
    if (!issued.data?.issueKey) return void fresh.replaceChildren((await failed(issued.errors)) ?? "");
    await redraw();
    const output = h("input", { id: "new-key", type: "text", readonly: "" });
    output.value = issued.data.issueKey.key;
    fresh.replaceChildren(h("label", { for: "new-key" }, t("newKey")), output);
    output.focus();
  });
  const table = h("table", { class: "keys" });
  const redraw = async () => {
    const keys = (await ask(myKeysQuery)).data?.me?.keys ?? me.keys;
    table.replaceChildren(
      h("thead", {}, h("tr", {}, ...[t("keyId"), t("created"), t("state"), ""].map(text => h("th", { scope: "col" }, text)))),
      h(
        "tbody",
        {},
        ...keys.map(key =>
          h(
            "tr",
            { "data-key": key.id },
            h("td", {}, key.id),
            h("td", {}, String(key.createdAt)),
            h("td", {}, key.revokedAt ? t("revoked", { at: String(key.revokedAt) }) : t("active")),
            h(
              "td",
              {},
              key.revokedAt
                ? ""
                : button(t("revoke", { id: key.id }), async () => {
                    const revoked = await ask(revokeKeyMutation, { id: key.id });
                    if (revoked.errors.length) return void fresh.replaceChildren((await failed(revoked.errors)) ?? "");
                    // Revoking the key this session was made with ends the session at once.
                    if (await stillSignedIn()) await redraw();
                  }),
            ),
          ),
        ),
      ),
    );
  };
  await redraw();
  section.append(issue, fresh, table);
  return section;
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

async function adminView(): Promise<HTMLElement> {
  const section = h("section", { "aria-labelledby": "admin-title" }, h("h2", { id: "admin-title" }, t("admin")), h("p", {}, t("adminIntro")));
  const partners = await ask(partnersQuery);
  const list = h(
    "ul",
    { class: "partners", "aria-label": t("partners") },
    ...(partners.data?.partners ?? []).map(partner => h("li", {}, `${partner.id}: ${partner.name}${partner.admin ? ` (${t("administrator")})` : ""}`)),
  );

  const name = h("input", { type: "text", required: "" });
  const id = h("input", { type: "text" });
  const admin = h("input", { type: "checkbox" });
  const created = h("div", { "aria-live": "polite" });
  const create = h(
    "form",
    { "aria-labelledby": "create-title" },
    h("h3", { id: "create-title" }, t("createPartner")),
    field("partner-name", t("partnerName"), name),
    field("partner-id", t("partnerId"), id),
    field("partner-admin", t("isAdmin"), admin),
    h("button", { type: "submit" }, t("create")),
    created,
  );
  create.addEventListener("submit", async event => {
    event.preventDefault();
    const answer = await ask(createPartnerMutation, { input: { name: name.value.trim(), id: id.value.trim() || null, admin: admin.checked } });
    const made = answer.data?.createPartner;
    if (!made) return void created.replaceChildren((await failed(answer.errors)) ?? "");
    const output = h("input", { id: "created-key", type: "text", readonly: "" });
    output.value = made.key;
    created.replaceChildren(h("label", { for: "created-key" }, t("partnerCreated", { id: made.partner.id })), output);
  });

  const type = h("select", {}, ...schema.grants.map(grant => h("option", { value: grant.mutation }, humanize(grant.type))));
  const recordId = h("input", { type: "text", required: "" });
  const partnerId = h("input", { type: "text", required: "" });
  const granted = h("div", { "aria-live": "polite" });
  const grant = h(
    "form",
    { "aria-labelledby": "grant-title" },
    h("h3", { id: "grant-title" }, t("grantTitle")),
    field("grant-type", t("recordType"), type),
    field("grant-record", t("recordId"), recordId),
    field("grant-partner", t("grantPartner"), partnerId),
    h("button", { type: "submit" }, t("grant")),
    granted,
  );
  grant.addEventListener("submit", async event => {
    event.preventDefault();
    const answer = await ask<{ grant: { partnerId: string; entity: string; recordId: string } | null }, Values>(
      `mutation PortalGrant($id: ID!, $partnerId: ID!) { grant: ${type.value}(id: $id, partnerId: $partnerId) { partnerId entity recordId } }`,
      { id: recordId.value.trim(), partnerId: partnerId.value.trim() },
    );
    const made = answer.data?.grant;
    granted.replaceChildren(made ? status(t("granted", { partner: made.partnerId, entity: made.entity, id: made.recordId })) : ((await failed(answer.errors)) ?? ""));
  });
  section.append(h("h3", {}, t("partners")), list, create, grant);
  return section;
}

/** Draws the page for the current route: sign-in without a session, else the view the hash names. */
async function render(): Promise<void> {
  document.documentElement.lang = language;
  document.title = t("title");
  document.body.removeAttribute("data-ready");
  const [view = "records", ...rest] = route();
  document.querySelector("header")?.replaceWith(header());
  if (!session) main().replaceChildren(signInView());
  else {
    main().replaceChildren(nav(view), status(t("loading")));
    const content = view === "record" && rest.length === 2 ? await recordView(rest[0], rest[1]) : view === "keys" ? await keysView() : view === "admin" && session?.partner.admin ? await adminView() : await recordsView();
    // A session that ended while this view loaded has drawn the sign-in form meanwhile.
    if (session) main().replaceChildren(nav(view), content);
  }
  document.body.setAttribute("data-ready", "true");
}

window.addEventListener("hashchange", () => void render());
void (async () => {
  session = await currentSession();
  await render();
})();
