import "reflect-metadata";
import { getMetadataStorage, ValidationTypes } from "class-validator";
import { getMetadataStorage as graphqlStorage, type ClassType } from "type-graphql";
import { describe, expect, it } from "vitest";
import { validateInput } from "../lib/subgraph/validation";
import { SourceInput } from "../lib/records/writes";
import { CreateClusterInput, UpdateClusterInput } from "../services/clusters/cluster/cluster.inputs";
import { CreateMembershipInput, UpdateMembershipInput } from "../services/clusters/membership/membership.inputs";
import { CreateEventInput, UpdateEventInput } from "../services/events/event/event.inputs";
import { CreateFundingOpportunityInput, UpdateFundingOpportunityInput } from "../services/funding/opportunity/funding-opportunity.inputs";
import { CreateFundingProgrammeInput, UpdateFundingProgrammeInput } from "../services/funding/programme/funding-programme.inputs";
import { CreateOrganisationInput, UpdateOrganisationInput } from "../services/organisations/organisation/organisation.inputs";
import { CreatePartnershipInput, UpdatePartnershipInput } from "../services/partnerships/partnership/partnership.inputs";

const PAIRS: [ClassType, ClassType][] = [
  [CreateClusterInput, UpdateClusterInput],
  [CreateMembershipInput, UpdateMembershipInput],
  [CreateEventInput, UpdateEventInput],
  [CreateFundingOpportunityInput, UpdateFundingOpportunityInput],
  [CreateFundingProgrammeInput, UpdateFundingProgrammeInput],
  [CreateOrganisationInput, UpdateOrganisationInput],
  [CreatePartnershipInput, UpdatePartnershipInput],
];

/** The rules (not the conditions) of each field of an input class, as `field: rule` lines. */
function rules(input: ClassType): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(input, "", true, false)
    .filter(rule => rule.type !== ValidationTypes.CONDITIONAL_VALIDATION)
    .map(rule => `${rule.propertyName}: ${rule.name ?? rule.type}${rule.each ? " each" : ""}`);
}

const graphqlFields = () => graphqlStorage().fields;

const source = { title: "Zebranie", url: "https://example.org/minutes", publishedOn: "2024-05", language: "pl" };

/** The problems validateInput reports for an update of a cluster, as the resolver would see them. */
async function problemsOf(changes: object): Promise<{ field: string; problem: string }[]> {
  try {
    await validateInput(Object.assign(new UpdateClusterInput(), changes));
    return [];
  } catch (error) {
    return (error as { extensions: { problems: { field: string; problem: string }[] } }).extensions.problems;
  }
}

describe("update inputs derived from create inputs (lib/records/inputs.ts)", () => {
  it.each(PAIRS.map(([create, update]) => [update.name, create, update] as const))("%s keeps every rule of the create input on each field it has", (_name, create, update) => {
    const kept = new Set(graphqlFields().filter(field => field.target === update).map(field => field.name));
    expect(rules(update)).toEqual(expect.arrayContaining(rules(create).filter(rule => kept.has(rule.split(":")[0]))));
    expect(kept.has("source")).toBe(true);
  });

  it("checks a field only when given, refuses clearing a required one or a list, and lets null clear an optional one", async () => {
    expect(await problemsOf({ source })).toEqual([]);
    expect(await problemsOf({ nameEn: null, city: null, foundedYear: null, source })).toEqual([]);
    expect(await problemsOf({ name: "", source })).toEqual([{ field: "name", problem: expect.stringContaining("(rule: isLength)") }]);
    expect(await problemsOf({ country: null, source })).toEqual([{ field: "country", problem: "country cannot be cleared (rule: isDefined)" }]);
    expect(await problemsOf({ aliases: null, source })).toContainEqual({ field: "aliases", problem: "aliases must be an array (rule: isArray)" });
    expect(await problemsOf({ foundedYear: 1700, source })).toEqual([{ field: "foundedYear", problem: expect.stringContaining("(rule: min)") }]);
    expect(await problemsOf({ website: "ftp://example.org", source })).toEqual([{ field: "website", problem: expect.stringContaining("(rule: isUrl)") }]);
    // type-graphql hands the validator nested inputs as instances of their classes.
    expect(await problemsOf({ source: Object.assign(new SourceInput(), source, { language: "polish" }) })).toEqual([{ field: "source.language", problem: expect.stringContaining("(rule: matches)") }]);
  });
});
