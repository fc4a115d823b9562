/// <reference lib="dom" />
import { h } from "./dom";
import type { ClusterMapQuery, ClusterProfileQuery, FundingByProgrammeQuery, MemberCountsQuery, PartnershipMatrixQuery, TypedDocumentString } from "./gql/graphql";
import { ask, type Answer } from "./graph";
import { label, LANGUAGES, preferredLanguage, type Label, type Language } from "./i18n";
import { clusterMap } from "./map";
import { clusterProfile, fundingByProgramme, memberCounts, partnershipMatrix } from "./panels";
import { clusterMapQuery, clusterProfileQuery, fundingByProgrammeQuery, memberCountsQuery, partnershipMatrixQuery } from "./queries";

/** A panel: its title, the one query it sends, and how it draws the answer. */
interface Panel<T> {
  id: string;
  title: Label;
  query: TypedDocumentString<T, Record<string, never>>;
  draw(data: T, language: Language): Node[];
}

const panel = <T>(p: Panel<T>) => p as Panel<unknown>;
const PANELS = [
  panel<ClusterMapQuery>({ id: "map", title: "mapTitle", query: clusterMapQuery, draw: (data, language) => clusterMap(data, language, openProfile) }),
  panel<MemberCountsQuery>({ id: "counts", title: "countsTitle", query: memberCountsQuery, draw: memberCounts }),
  panel<PartnershipMatrixQuery>({ id: "matrix", title: "matrixTitle", query: partnershipMatrixQuery, draw: partnershipMatrix }),
  panel<FundingByProgrammeQuery>({ id: "funding", title: "fundingTitle", query: fundingByProgrammeQuery, draw: fundingByProgramme }),
];

const STORED_LANGUAGE = "clusterhub.dashboard.language";
let language: Language = storedLanguage() ?? preferredLanguage(navigator.languages);
// Each panel's answer, kept so that a change of language redraws without asking the graph again.
const answers = new Map<string, Answer<unknown>>();
let profile: { id: string; answer: Answer<ClusterProfileQuery>; opener: Element } | null = null;

function storedLanguage(): Language | null {
  try {
    const stored = localStorage.getItem(STORED_LANGUAGE);
    return (LANGUAGES as readonly string[]).includes(stored ?? "") ? (stored as Language) : null;
  } catch {
    return null;
  }
}

/** The query's text with a button that copies it, under every panel and the profile. */
function queryBox(query: { toString(): string }): HTMLElement {
  const text = query.toString().trim();
  const code = h("code", {}, text);
  const copy = h("button", { type: "button", class: "copy" }, label(language, "copy"));
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      copy.textContent = label(language, "copied");
    } catch {
      // Without the clipboard (a page not served over HTTPS), select the text for the builder to copy by hand.
      getSelection()?.selectAllChildren(code);
    }
  });
  return h("details", { class: "query" }, h("summary", {}, label(language, "query")), copy, h("pre", {}, code));
}

/** The answer drawn, and what the graph said went wrong, if anything. */
function drawn<T>(answer: Answer<T> | undefined, draw: (data: T, language: Language) => Node[]): Node[] {
  if (!answer) return [h("p", { class: "status" }, label(language, "loading"))];
  const nodes = answer.data ? draw(answer.data, language) : [];
  for (const error of answer.errors) {
    nodes.push(h("p", { class: "error", role: "alert" }, label(language, "failed", { message: `${error.message}${error.extensions?.code ? ` (${error.extensions.code})` : ""}` })));
  }
  return nodes;
}

function render() {
  document.documentElement.lang = language;
  document.title = label(language, "title");
  for (const element of document.querySelectorAll<HTMLElement>("[data-label]")) element.textContent = label(language, element.dataset.label as Label);
  const select = document.querySelector<HTMLSelectElement>("#language")!;
  select.value = language;
  const main = document.querySelector("main")!;
  // Focus survives a redraw: a marker or button with the same cluster id gets it back.
  const focused = document.activeElement?.getAttribute("data-cluster");
  main.replaceChildren(
    ...PANELS.map(p =>
      h(
        "section",
        { id: `${p.id}-panel`, class: "panel", "aria-labelledby": `${p.id}-title`, "aria-busy": answers.has(p.id) ? "false" : "true" },
        h("h2", { id: `${p.id}-title` }, label(language, p.title)),
        h("div", { class: "panel-body" }, ...drawn(answers.get(p.id), p.draw)),
        queryBox(p.query),
      ),
    ),
  );
  if (focused) main.querySelector<HTMLElement | SVGElement>(`[data-cluster="${CSS.escape(focused)}"]`)?.focus();
  if (profile) renderProfile();
}

function closeButton(): HTMLButtonElement {
  const button = h("button", { type: "button", class: "close" }, label(language, "close"));
  button.addEventListener("click", () => document.querySelector<HTMLDialogElement>("#profile")!.close());
  return button;
}

function renderProfile() {
  const { answer } = profile!;
  const dialog = document.querySelector<HTMLDialogElement>("#profile")!;
  const name = answer.data?.cluster ? answer.data.cluster.name : label(language, "loading");
  dialog.replaceChildren(
    h("h2", { id: "profile-title" }, name),
    h("div", { class: "profile-body" }, ...drawn(answer, clusterProfile)),
    queryBox(clusterProfileQuery),
    closeButton(),
  );
}

/** Opens a cluster's profile in a modal dialog; closing it gives focus back to what opened it. */
async function openProfile(id: string, opener: Element) {
  const dialog = document.querySelector<HTMLDialogElement>("#profile")!;
  profile = { id, opener, answer: { data: null, errors: [] } };
  renderProfile();
  dialog.showModal();
  const answer = await ask(clusterProfileQuery, { id });
  if (profile?.id !== id) return;
  profile.answer = answer;
  renderProfile();
  dialog.dataset.loaded = id;
  dialog.querySelector<HTMLElement>(".close")?.focus();
}

function start() {
  const select = document.querySelector<HTMLSelectElement>("#language")!;
  select.addEventListener("change", () => {
    language = select.value as Language;
    try {
      localStorage.setItem(STORED_LANGUAGE, language);
    } catch {
      // A browser that keeps nothing: the choice lasts for this visit.
    }
    render();
  });
  const dialog = document.querySelector<HTMLDialogElement>("#profile")!;
  dialog.addEventListener("close", () => {
    const opener = profile?.opener;
    profile = null;
    delete dialog.dataset.loaded;
    const back = opener?.isConnected ? opener : document.querySelector(`[data-cluster="${CSS.escape(opener?.getAttribute("data-cluster") ?? "")}"]`);
    (back as HTMLElement | null)?.focus();
  });
  render();
  // One query per panel, all at once; the page is ready (for people and for tests) when every panel has its answer.
  void Promise.all(
    PANELS.map(async p => {
      answers.set(p.id, await ask(p.query));
      render();
    }),
  ).then(() => (document.body.dataset.ready = "true"));
}

start();
