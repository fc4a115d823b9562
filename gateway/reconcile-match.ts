import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import pl from "i18n-iso-countries/langs/pl.json";
import uk from "i18n-iso-countries/langs/uk.json";
import { searchKey } from "../lib/records/search-key";

// A spreadsheet's country column may say `PL`, `POL`, `Poland`, `Polska` or `Польща`.
countries.registerLocale(en);
countries.registerLocale(pl);
countries.registerLocale(uk);

/** The record types the service reconciles against, by their GraphQL names. */
export const RECONCILE_TYPES = ["Cluster", "Organisation"] as const;
export type ReconcileType = (typeof RECONCILE_TYPES)[number];

/** A record the graph's search (or identifier lookup) found for one query, with what it is compared on. */
export interface Found {
  type: ReconcileType;
  id: string;
  name: string;
  nameEn?: string | null;
  kind?: string | null;
  country?: string | null;
  city?: string | null;
  region?: string | null;
  identifiers?: { scheme: string; value: string }[];
  /** The name, alias or place the search matched, as written, and its word similarity (0 to 1); none when found by identifier. */
  matchedName?: string;
  searchScore?: number;
  byIdentifier?: boolean;
}

/** What a query asks beyond the name: each list empty when the query does not give it. */
export interface Wanted {
  text: string | null;
  countries: string[];
  cities: string[];
  identifiers: { scheme: string; value: string }[];
}

/** One candidate of the answer, in the shape of the specification's reconciliation-result-batch schema. */
export interface Candidate {
  id: string;
  name: string;
  description: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: number | boolean }[];
}

// A candidate at or above this score, with no property against it and this far ahead of the next, is a match.
const MATCH_SCORE = 90;
const MATCH_LEAD = 10;
// A property whose value differs from the candidate's halves its score; a name that is only the record's place scales it so.
const MISMATCH_FACTOR = 0.5;
const PLACE_ONLY_FACTOR = 0.6;

/** The alpha-2 code of a country as a spreadsheet may write it (code, alpha-3, or its name in English, Polish or Ukrainian); null when none. */
export function countryCode(value: string): string | null {
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text) && countries.isValid(text.toUpperCase())) return text.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(text)) return countries.alpha3ToAlpha2(text.toUpperCase()) ?? null;
  for (const language of ["en", "pl", "uk"]) {
    const code = countries.getAlpha2Code(text, language);
    if (code) return code;
  }
  return null;
}

/** The trigrams of a normalised text as pg_trgm makes them: each word padded with two spaces before and one after. */
function trigrams(key: string): Set<string> {
  const found = new Set<string>();
  for (const word of key.split(" ").filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) found.add(padded.slice(i, i + 3));
  }
  return found;
}

/** pg_trgm's `similarity` of two texts' search keys: shared trigrams over all trigrams, 0 to 1. */
export function similarity(a: string, b: string): number {
  const [left, right] = [trigrams(searchKey(a)), trigrams(searchKey(b))];
  if (!left.size || !right.size) return 0;
  let shared = 0;
  for (const trigram of left) if (right.has(trigram)) shared++;
  return shared / (left.size + right.size - shared);
}

const sameKey = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && searchKey(a) === searchKey(b);

function describe(found: Found): string {
  const place = [found.city, found.country].filter(Boolean).join(", ");
  const kind = found.kind ? found.kind.toLowerCase().replace(/_/g, " ") : found.type.toLowerCase();
  const parts = [place ? `${kind} in ${place}` : kind];
  if (found.nameEn && found.nameEn !== found.name) parts.push(found.nameEn);
  if (found.matchedName && found.matchedName !== found.name && found.matchedName !== found.nameEn) parts.push(`matched “${found.matchedName}”`);
  return parts.join(" · ");
}

/**
 * Scores what the graph found for one query, best first, at most `limit`: the name's score is the mean of the search's word
 * similarity and the whole name's similarity (an equal name scores 100); a given country, city or identifier that differs
 * from the candidate's halves it, one the candidate lacks leaves it; a name that is only the record's city or region counts
 * less. Found by identifier scores 100. `match` marks the first candidate when it was found by identifier, or scores at
 * least 90 with nothing against it and leads the next by 10.
 */
export function rankCandidates(wanted: Wanted, found: Found[], limit: number): Candidate[] {
  const unique = found.filter((item, i) => found.findIndex(other => other.type === item.type && other.id === item.id) === i);
  const scored = unique.map(item => {
    const features: Candidate["features"] = [];
    let score: number;
    let against = false;
    if (item.byIdentifier) {
      score = 1;
      features.push({ id: "identifier_match", value: true });
    } else {
      const matched = item.matchedName ?? item.name;
      const exact = !!wanted.text && sameKey(wanted.text, matched);
      const searchScore = item.searchScore ?? 0;
      score = exact ? 1 : (searchScore + (wanted.text ? similarity(wanted.text, matched) : 0)) / 2;
      features.push({ id: "name_score", value: Math.round(searchScore * 1000) / 1000 }, { id: "name_exact", value: exact });
      if (sameKey(matched, item.city) || sameKey(matched, item.region)) {
        score *= PLACE_ONLY_FACTOR;
        features.push({ id: "name_is_place", value: true });
      }
      if (wanted.identifiers.length && item.identifiers?.length) {
        const schemes = new Set(wanted.identifiers.map(id => id.scheme));
        const comparable = item.identifiers.filter(id => schemes.has(id.scheme));
        if (comparable.length) {
          const same = comparable.some(id => wanted.identifiers.some(w => w.scheme === id.scheme && w.value === id.value));
          features.push({ id: "identifier_match", value: same });
          against ||= !same;
        }
      }
    }
    if (wanted.countries.length && item.country) {
      const same = wanted.countries.includes(item.country);
      features.push({ id: "country_match", value: same });
      against ||= !same;
    }
    if (wanted.cities.length && item.city) {
      const same = wanted.cities.some(city => sameKey(city, item.city));
      features.push({ id: "city_match", value: same });
      against ||= !same;
    }
    if (against && !item.byIdentifier) score *= MISMATCH_FACTOR;
    const candidate: Candidate = {
      id: item.id,
      name: item.name,
      description: describe(item),
      score: Math.round(score * 1000) / 10,
      match: false,
      type: [{ id: item.type, name: item.type }],
      features,
    };
    return { candidate, against, byIdentifier: !!item.byIdentifier };
  });
  scored.sort((a, b) => Number(b.byIdentifier) - Number(a.byIdentifier) || b.candidate.score - a.candidate.score || a.candidate.id.localeCompare(b.candidate.id));
  const [first, second] = scored;
  if (first) {
    const leads = !second || second.candidate.score <= first.candidate.score - MATCH_LEAD;
    first.candidate.match = (first.byIdentifier && !second?.byIdentifier) || (first.candidate.score >= MATCH_SCORE && !first.against && leads);
  }
  return scored.slice(0, limit).map(item => item.candidate);
}
