import { Property } from "@mikro-orm/postgresql";
import { ArrayMaxSize, IsArray, IsOptional, Length, Matches, ValidateIf, ValidateNested } from "class-validator";
import { type ClassType, Ctx, Directive, Field, FieldResolver, InputType, ObjectType, Resolver, Root, registerEnumType } from "type-graphql";
import { SearchableRecord } from "./records";
import { normaliseSearchText } from "./search";
import { Source, type SourceLoaders } from "./sources";

// Where a record's facts come from, beyond the articles it cites: the names it goes by, each with its kind and
// source, and a per-field list for knowledge from outside those articles. docs/architecture.md, "The sample data".

/** The source id of a fact the hub adds from its own knowledge, with a note saying what it rests on. */
export const HUB = "HUB";

export enum NameKind {
  AS_WRITTEN = "AS_WRITTEN",
  TRANSLATION = "TRANSLATION",
  TRANSLITERATION = "TRANSLITERATION",
  DESCRIPTIVE_LABEL = "DESCRIPTIVE_LABEL",
  OUTSIDE_KNOWLEDGE = "OUTSIDE_KNOWLEDGE",
}

registerEnumType(NameKind, {
  name: "NameKind",
  description: "Whether a name is as a source writes it, or made by the hub, and how. Only AS_WRITTEN is a name the sources use; the others are the hub's and never an official name.",
  valuesConfig: {
    AS_WRITTEN: { description: "As the source writes it (up to grammatical case): the name the source uses." },
    TRANSLATION: { description: "Made by the hub: a translation of a name the sources write, not a name in use." },
    TRANSLITERATION: { description: "Made by the hub: a name the sources write, spelled in another alphabet." },
    DESCRIPTIVE_LABEL: { description: "Made by the hub: a label for something the sources describe but never name; not a name in use." },
    OUTSIDE_KNOWLEDGE: { description: "Known to the hub from outside the sources (such as the expansion of an abbreviation a source uses); the note says what it rests on." },
  },
});

/** The kinds of name the hub makes; a name of these kinds is never the record's name in use. */
export const HUB_MADE_NAMES: readonly NameKind[] = [NameKind.TRANSLATION, NameKind.TRANSLITERATION, NameKind.DESCRIPTIVE_LABEL, NameKind.OUTSIDE_KNOWLEDGE];

@Directive("@shareable")
@ObjectType({ description: "One name of a record in one language, and where it comes from: a source that writes it, or the hub that made it." })
export class RecordName {
  @Field({ description: "The name." })
  text!: string;

  @Field({ description: "Language of the name as an ISO 639-1 code (uk, pl, be, en, ...)." })
  language!: string;

  @Field(_type => NameKind, { description: "Whether a source writes the name or the hub made it, and how." })
  kind!: NameKind;

  @Field(_type => String, { nullable: true, description: "What the name rests on, for a name the hub made (what it translates, what it describes)." })
  note?: string | null;

  /** The article that writes the name, or whose name or description a hub-made name renders; null when none. */
  sourceId?: string | null;
}

@Directive("@shareable")
@ObjectType({ description: "Where one field's value comes from, when it is not simply what the record's sources write: their words for it, another source, or the hub's own knowledge." })
export class FieldProvenance {
  @Field({ description: "The field of the record, as the schema names it (`city`, `country`, `kind`, ...)." })
  field!: string;

  @Field(_type => String, { nullable: true, description: "The source's own words the value is read from, where it writes it differently (another case, a description)." })
  asWritten?: string | null;

  @Field(_type => String, { nullable: true, description: "What the value rests on, in a sentence; always given for the hub's own knowledge." })
  note?: string | null;

  /** A source id, or HUB for the hub's own knowledge. */
  sourceId!: string;
}

@InputType({ description: "One name of a new or changed record: as the write's source writes it, or made by you (a translation, transliteration or label) and saying what it rests on." })
export class NameInput {
  @Field({ description: "The name." })
  @Length(1, 300)
  text!: string;

  @Field({ description: "Language of the name as an ISO 639-1 code (uk, pl, be, en, ...)." })
  @Matches(/^[a-z]{2}$/, { message: "language must be a two-letter ISO 639-1 code such as uk, pl or en" })
  language!: string;

  @Field(_type => NameKind, { description: "AS_WRITTEN when the write's source writes the name; otherwise how it was made." })
  kind!: NameKind;

  @Field(_type => String, { nullable: true, description: "What a made name rests on (what it translates or describes); required for every kind but AS_WRITTEN." })
  @ValidateIf((name: NameInput) => name.kind !== NameKind.AS_WRITTEN || name.note != null)
  @Length(1, 1000, { message: "note must say, in 1 to 1000 characters, what a name that is not AS_WRITTEN rests on" })
  note?: string | null;
}

/** The most names one record may have: a few languages, each with a name and its forms. */
export const MAX_NAMES = 20;

/** The `names` field of a record's Create input (`noun`: "cluster", "organisation"), with every rule of it in one place. */
export const NamesInputField =
  (noun: string): PropertyDecorator =>
  (target, key) => {
    const description = `Every name of the ${noun} in every language, at most ${MAX_NAMES}, each saying whether the source writes it or it was made (a translation, transliteration or label).`;
    for (const decorate of [Field(_type => [NameInput], { nullable: true, description }), IsOptional(), IsArray(), ArrayMaxSize(MAX_NAMES), ValidateNested({ each: true })])
      decorate(target, key);
  };

/** A write's names as stored: each cites the write's source (the article that writes it, or whose words it renders). */
export const citeNames = <T extends { names?: readonly NameInput[] | null }>(fields: T, sourceId: string): T =>
  fields.names ? { ...fields, names: fields.names.map(name => ({ text: name.text, language: name.language, kind: name.kind, note: name.note ?? null, sourceId })) } : fields;

/** A searchable record with names in several languages and the provenance of values from outside its sources (Cluster, Organisation). */
@ObjectType({ description: "A record with names in several languages and the provenance of its values." })
export abstract class NamedRecord extends SearchableRecord {
  @Field(_type => [RecordName], { description: "Every name of the record in every language, each saying whether a source writes it or the hub made it. `name` and `nameEn` are among them." })
  @Property({ type: "jsonb", default: "[]" })
  names: RecordName[] = [];

  @Field(_type => [FieldProvenance], { description: "Where the values that the record's sources do not write as such come from: their words, another source, or the hub's own knowledge." })
  @Property({ type: "jsonb", default: "[]" })
  provenance: FieldProvenance[] = [];
}

/** What the search document of a named record is made from (sample rows and entities alike). */
export interface NamedRow {
  name: string;
  nameEn?: string | null;
  names?: readonly { text: string }[];
  aliases: string[];
  city?: string | null;
  region?: string | null;
}

/** The names a named record goes by, for its search document: every name in every language, and its aliases and places. */
export const namedSearchNames = (r: NamedRow) => [
  r.name,
  r.nameEn,
  ...(r.names ?? []).map(name => name.text),
  ...r.aliases,
  r.city,
  r.region,
];

/** The `source` and `madeByHub` fields of RecordName and `source` and `byHub` of FieldProvenance, for a subgraph that serves NamedRecords. */
export function provenanceResolvers(): ClassType[] {
  @Resolver(_of => RecordName)
  class RecordNameResolver {
    @FieldResolver(_returns => Boolean, { description: "True when the hub made the name (any kind but AS_WRITTEN): not a name in use." })
    madeByHub(@Root() name: RecordName): boolean {
      return name.kind !== NameKind.AS_WRITTEN;
    }

    @FieldResolver(_returns => Source, { nullable: true, description: "The source that writes the name, or whose words a hub-made name renders; null when none." })
    source(@Root() name: RecordName, @Ctx() ctx: { loaders: SourceLoaders }): Promise<Source | null> | null {
      return name.sourceId ? ctx.loaders.sourceById.load(name.sourceId) : null;
    }
  }

  @Resolver(_of => FieldProvenance)
  class FieldProvenanceResolver {
    @FieldResolver(_returns => Boolean, { description: "True when the value is the hub's own knowledge, resting on no source (see `note`)." })
    byHub(@Root() fact: FieldProvenance): boolean {
      return fact.sourceId === HUB;
    }

    @FieldResolver(_returns => Source, { nullable: true, description: "The source the value is read from; null for the hub's own knowledge." })
    source(@Root() fact: FieldProvenance, @Ctx() ctx: { loaders: SourceLoaders }): Promise<Source | null> | null {
      return fact.sourceId === HUB ? null : ctx.loaders.sourceById.load(fact.sourceId);
    }
  }
  return [RecordNameResolver, FieldProvenanceResolver];
}

/**
 * How a sample value is shown to rest on its record's sources (test/sample-data.test.ts reads every record with it):
 * - WORDS: text a cited article writes, up to grammatical case (`writtenIn`), or explained by a `provenance` entry;
 * - NUMBER / YEAR: a number, or a date's year, whose digits a cited article writes, or explained;
 * - COUNTRY: a country a cited article names (COUNTRY_WORDS), or explained;
 * - NAMES: checked as names (`names`, and `name`/`nameEn` among them); a `nameEn` without `names` is the hub's
 *   translation, and its field's description says so;
 * - READING: the hub's classification of what the cited article says (a kind, role or status the enum defines);
 * - SUMMARY: the hub's own words about the cited articles (descriptions, notes, titles);
 * - LINK / SOURCE / PROVENANCE: ids of other records, of sources, and this mechanism itself.
 * A field of a nested fact (`founded`, `labels`, `activities`) is looked up as `parent.field` first.
 */
export type Evidence = "WORDS" | "NUMBER" | "YEAR" | "COUNTRY" | "NAMES" | "READING" | "SUMMARY" | "LINK" | "SOURCE" | "PROVENANCE";

export const FIELD_EVIDENCE: Readonly<Record<string, Evidence>> = {
  id: "LINK", clusterId: "LINK", organisationId: "LINK", partnershipId: "LINK", programmeId: "LINK", opportunityId: "LINK", parentId: "LINK",
  organiserIds: "LINK", participantIds: "LINK", clusterIds: "LINK",
  sourceIds: "SOURCE", sourceId: "SOURCE", provenance: "PROVENANCE",
  names: "NAMES", name: "NAMES", nameEn: "NAMES", titleEn: "NAMES",
  aliases: "WORDS", city: "WORDS", region: "WORDS", places: "WORDS", sectors: "WORDS", website: "WORDS", url: "WORDS",
  asWritten: "WORDS", dateAsWritten: "WORDS", participantsAsWritten: "WORDS", memberKind: "WORDS", identifiers: "WORDS",
  "labels.name": "WORDS", "activities.name": "SUMMARY",
  count: "NUMBER", participantCount: "NUMBER", budget: "NUMBER",
  foundedYear: "YEAR", date: "YEAR", asOf: "YEAR", since: "YEAR", startDate: "YEAR", endDate: "YEAR", deadline: "YEAR",
  country: "COUNTRY", countries: "COUNTRY", eligibleCountries: "COUNTRY",
  kind: "READING", eligibleKinds: "READING", roles: "READING", role: "READING", status: "READING", qualifier: "READING", workingGroup: "READING",
  description: "SUMMARY", note: "SUMMARY", title: "SUMMARY", founded: "SUMMARY", labels: "SUMMARY", activities: "SUMMARY",
};

/** Numbers an article may write as a word (normalised prefixes): "близько сотні" is about 100. */
export const NUMBER_WORDS: Readonly<Record<number, readonly string[]>> = { 100: ["sotn", "sto "] };

/** Words (normalised, prefixes) by which an article names a country: Polska/Polsce/polski, Україна/України, ... */
export const COUNTRY_WORDS: Readonly<Record<string, readonly string[]>> = {
  PL: ["polsk", "polsce", "polska"],
  UA: ["ukrain", "ukrayin"],
  BY: ["bialorus", "bilorus", "belarus"],
  DE: ["nimech", "nimeck", "niemiec", "deutsch"],
  US: ["usa", "stanach zjednoczonych", "stany zjednoczone"],
  ES: ["hiszpan"],
};

const words = (text: string) => normaliseText(text).split(" ").filter(Boolean);

/** Lower-case Latin words without marks, as search normalises them (Cyrillic transliterated). */
export function normaliseText(text: string): string {
  return normaliseSearchText(text);
}

/** Two words are the same up to grammatical case: equal, or sharing all but the last three letters (at least three). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length <= 3 || b.length <= 3) return false;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= Math.min(a.length, b.length) - 3;
}

/** Whether `article` writes `text`: its words, in a row, each the same up to grammatical case ("Kraków" in "z Krakowa"). */
export function writtenIn(text: string, article: string): boolean {
  const wanted = words(text);
  const have = words(article);
  if (!wanted.length) return false;
  for (let i = 0; i + wanted.length <= have.length; i++) if (wanted.every((word, j) => sameWord(word, have[i + j]))) return true;
  return false;
}

/** Whether `article` writes `text` exactly, up to case, marks and punctuation: what a provenance entry's `asWritten` must be. */
export const writtenExactlyIn = (text: string, article: string): boolean => ` ${normaliseText(article)} `.includes(` ${normaliseText(text)} `);

/** Whether `article` names `country` (see COUNTRY_WORDS). */
export const namesCountry = (country: string, article: string): boolean => {
  const text = ` ${normaliseText(article)}`;
  return (COUNTRY_WORDS[country] ?? []).some(word => text.includes(` ${word}`));
};
