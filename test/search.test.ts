import { describe, expect, it } from "vitest";
import { normaliseSearchQuery, searchDocument } from "../lib/records/search";
import { BadUserInputError } from "../lib/platform/errors";

describe("search keys across alphabets", () => {
  it("gives Lviv one key in Ukrainian, Polish, German and English, in queries and in documents alike", () => {
    const keys = ["Львів", "Lwów", "lwow", "Lemberg", "Lviv"].map(name => normaliseSearchQuery(name));
    expect(new Set(keys)).toEqual(new Set(["lviv"]));
    expect(searchDocument(["Lwów", null, "Lwów", ""]).searchText).toBe("lviv");
  });

  it("joins the Belarusian and Polish names of Grodno, and drops Polish diacritics", () => {
    expect(normaliseSearchQuery("Гродна")).toBe(normaliseSearchQuery("Grodno"));
    expect(normaliseSearchQuery("Śląski Klaster Lotniczy, Łódź")).toBe("slaski klaster lotniczy lodz");
  });

  it("keeps each name as written beside its key, one key per name", () => {
    expect(searchDocument(["Медичний кластер Львівщини", "Львів"])).toEqual({
      searchNames: ["Медичний кластер Львівщини", "Львів"],
      searchText: "medichniy klaster lviv ; lviv",
    });
  });

  it("meets the Lviv region's adjectives and name in Ukrainian and Polish at the city's key", () => {
    expect(normaliseSearchQuery("lwowski klaster medyczny")).toBe("lviv klaster medyczny");
    expect(normaliseSearchQuery("Львівщина")).toBe(normaliseSearchQuery("Lwowszczyzna"));
    expect(normaliseSearchQuery("Львівська область")).toBe("lviv oblast");
  });

  it("refuses a query with nothing to search for, or longer than any name, naming the argument", () => {
    expect(() => normaliseSearchQuery(" -- ", "filter.search")).toThrow(new BadUserInputError("filter.search", "must contain at least one letter or digit"));
    expect(() => normaliseSearchQuery("Lwów ".repeat(41))).toThrow(new BadUserInputError("query", "must be at most 200 characters, got 205"));
  });
});
