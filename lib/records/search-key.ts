import { transliterate } from "transliteration";

/**
 * Place names that one language writes so differently from another that no transliteration joins them. These are
 * search synonyms, not data: documents and queries both go through them (`searchKey`), so a query that names the
 * place one way finds records that name it another way. Keys and values are normalised (see `normaliseSearchText`);
 * the value is what a transliteration of the local name gives.
 */
export const PLACE_EXONYMS: Readonly<Record<string, string>> = {
  lwow: "lviv", // Polish Lwów
  lemberg: "lviv", // German Lemberg
  lvov: "lviv", // Russian Львов
  lwiw: "lviv", // Polish transcription of Львів
  // Adjectives and the region's name (Львівщина, Lwowszczyzna): the cluster article 000 describes is "of Львівщина".
  lvivshchina: "lviv", // Львівщина
  lvivshchini: "lviv", // Львівщини
  lvivska: "lviv", // Львівська
  lvivskiy: "lviv", // Львівський
  lvivskoyi: "lviv", // Львівської
  lvivskogo: "lviv", // Львівського
  lwowszczyzna: "lviv", // Polish Lwowszczyzna
  lwowszczyzny: "lviv",
  lwowski: "lviv", // Polish lwowski, -a, -e, -ego
  lwowska: "lviv",
  lwowskie: "lviv",
  lwowskiego: "lviv",
  kijow: "kiyiv", // Polish Kijów
  kiev: "kiyiv", // English Kiev
  kyiv: "kiyiv", // the official Latin spelling; transliteration of Київ gives kiyiv
  charkow: "harkiv", // Polish Charków
  kharkiv: "harkiv", // official Latin spelling of Харків
  odessa: "odesa", // English Odessa
  grodno: "grodna", // Belarusian Гродна
  hrodna: "grodna", // official Latin spelling of Гродна
  brzesc: "brest", // Polish Brześć
  warsaw: "warszawa", // English Warsaw
  varshava: "warszawa", // Ukrainian Варшава
  cracow: "krakow", // English Cracow
};

/**
 * Lower-cased Latin text without diacritics, as the search index holds it: Cyrillic (Ukrainian, Belarusian,
 * Russian) is transliterated, Polish and other accented letters lose their marks (ł -> l, ó -> o).
 */
export function normaliseSearchText(text: string): string {
  return transliterate(text)
    .toLowerCase()
    .replace(/['’`"«»„”]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Normalised text with each word that is a known exonym replaced by its local form: what documents and queries hold. */
export function searchKey(text: string): string {
  return normaliseSearchText(text)
    .split(" ")
    .filter(Boolean)
    .map(word => PLACE_EXONYMS[word] ?? word)
    .join(" ");
}
