import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import { registerEnumType } from "type-graphql";

countries.registerLocale(en);

/** Every ISO 3166-1 alpha-2 code, as a GraphQL enum: anything else is refused before a resolver runs. */
export const CountryCode = Object.fromEntries(
  Object.keys(countries.getAlpha2Codes()).sort().map(code => [code, code]),
) as Record<string, string>;
export type CountryCode = string;

registerEnumType(CountryCode, {
  name: "CountryCode",
  description: "A country, as its ISO 3166-1 alpha-2 code (UA, PL, BY, ...).",
  valuesConfig: Object.fromEntries(
    Object.keys(CountryCode).map(code => [code, { description: countries.getName(code, "en") ?? code }]),
  ),
});
