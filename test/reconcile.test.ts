import { describe, expect, it } from "vitest";
import { countryCode, rankCandidates, similarity } from "../gateway/reconcile-match";
import { IdentifierScheme } from "../services/organisations/organisation/organisation.entity";
import { compactIdentifier } from "../services/organisations/organisation/organisation.inputs";

describe("what a spreadsheet's cells mean to the reconciliation service", () => {
  it("reads a country as a code, an alpha-3 code, or its name in English, Polish or Ukrainian; anything else is no country", () => {
    expect(["PL", "pl", "POL", "Poland", "Polska", "Польща", "Ukraine", "Україна", "Ukraina", "Lwów", "", "XX"].map(countryCode)).toEqual([
      "PL", "PL", "PL", "PL", "PL", "PL", "UA", "UA", "UA", null, null, null,
    ]);
  });

  it("compares whole names as pg_trgm does, across alphabets and exonyms", () => {
    expect(similarity("Lwowski klaster medyczny", "Lwowski Klaster Medyczny")).toBe(1);
    expect(similarity("Львів", "Lwów")).toBe(1);
    expect(similarity("Lubelska Medycyna", "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych")).toBeLessThan(0.5);
    expect(similarity("", "Lublin")).toBe(0);
  });

  it("marks a match only when the first candidate leads clearly, and never against a property", () => {
    const hit = (id: string, searchScore: number, extra: object = {}) => ({ type: "Cluster" as const, id, name: id, matchedName: "Klaster", searchScore, ...extra });
    const wanted = { text: "Klaster", countries: [], cities: [], identifiers: [] };
    expect(rankCandidates(wanted, [hit("a", 1)], 5)[0]).toMatchObject({ id: "a", score: 100, match: true });
    expect(rankCandidates(wanted, [hit("a", 1), hit("b", 1)], 5).map(c => c.match)).toEqual([false, false]);
    expect(rankCandidates({ ...wanted, countries: ["UA"] }, [hit("a", 1, { country: "PL" })], 5)[0]).toMatchObject({ score: 50, match: false });
    expect(rankCandidates(wanted, [hit("a", 1), hit("b", 0.7, { byIdentifier: true })], 1)).toEqual([expect.objectContaining({ id: "b", score: 100, match: true })]);
  });
});

describe("registry identifiers as partners write them", () => {
  it.each([
    [IdentifierScheme.NIP, "PL 123-456-32-18", "1234563218"],
    [IdentifierScheme.NIP, "123-456-32-19", null],
    [IdentifierScheme.REGON, "123456785", "123456785"],
    [IdentifierScheme.REGON, "123456786", null],
    [IdentifierScheme.EDRPOU, "32855961", "32855961"],
    [IdentifierScheme.EDRPOU, "32855962", null],
    [IdentifierScheme.KRS, "0000 012345", "0000012345"],
    [IdentifierScheme.KRS, "12345", null],
    [IdentifierScheme.ROR, "https://ror.org/03vek6s52", "03vek6s52"],
    [IdentifierScheme.ROR, "03vek6s53", null],
    [IdentifierScheme.WIKIDATA, "https://www.wikidata.org/wiki/q42", "Q42"],
    [IdentifierScheme.WIKIDATA, "Q0", null],
    [IdentifierScheme.EU_PIC, " 999999999 ", "999999999"],
    [IdentifierScheme.EU_PIC, "99999999", null],
    [IdentifierScheme.KRS, "0".repeat(101), null],
  ])("%s %j is kept as %j", (scheme, value, compact) => {
    expect(compactIdentifier(scheme, value)).toBe(compact);
  });
});
