import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { ErrorCode } from "../platform/errors";

const PARTIAL_DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Checks a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date; returns the reason it is not one, or null. */
export function partialDateProblem(value: unknown): string | null {
  if (typeof value !== "string") return "must be a string such as 2015, 2015-02 or 2015-02-28";
  const match = PARTIAL_DATE.exec(value);
  if (!match) return `"${value}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`;
  const [, year, month, day] = match;
  if (day && new Date(`${year}-${month}-${day}T00:00:00Z`).getUTCDate() !== Number(day))
    return `"${value}" is not a day of the calendar`;
  return null;
}

function parse(value: unknown): string {
  const problem = partialDateProblem(value);
  if (problem) throw new GraphQLError(`PartialDate ${problem}`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  return value as string;
}

/** A date only as precise as its source: a year, a year and month, or a day. */
export const PartialDate = new GraphQLScalarType({
  name: "PartialDate",
  description:
    "A date as precise as its source says, never more: `2006` (a year), `2014-01` (a month) or `2015-03-16` (a day). Sorts as text.",
  serialize: value => value,
  parseValue: parse,
  parseLiteral: ast => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("PartialDate must be a string", { extensions: { code: ErrorCode.BAD_USER_INPUT } });
    return parse(ast.value);
  },
});
