import { validate, type ValidationError } from "class-validator";
import { defaultFieldResolver, isObjectType, type GraphQLSchema } from "graphql";
import { BadUserInputError } from "../platform/errors";

/** Every broken rule of a validated input, as `field.path: message (rule)`. */
function problems(errors: ValidationError[], path: string[] = []): { field: string; problem: string }[] {
  return errors.flatMap(error => {
    const at = [...path, error.property];
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field: at.join("."), problem: `${message} (rule: ${rule})` }));
    return [...own, ...problems(error.children ?? [], at)];
  });
}

/**
 * type-graphql's argument validator: runs the class-validator rules of input classes and throws BAD_USER_INPUT
 * naming the first field at fault and its rule (all of them in `extensions.problems`).
 */
export async function validateInput(value: unknown): Promise<void> {
  if (value === null || typeof value !== "object") return;
  const values = Array.isArray(value) ? value : [value];
  const found = (
    await Promise.all(values.map(item => (item && typeof item === "object" ? validate(item, { forbidUnknownValues: false }) : [])))
  ).flatMap(errors => problems(errors));
  if (!found.length) return;
  const error = new BadUserInputError(found[0].field, found[0].problem);
  error.extensions.problems = found;
  throw error;
}

/** The longest text any argument or input field may hold; the longest a write keeps is 5,000 characters. */
export const MAX_ARGUMENT_TEXT = 10_000;

// PostgreSQL's text cannot hold NUL, and an unpaired surrogate has no UTF-8 form: either would fail in the database.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a text no record can hold or no query needs, or null when it is fine. */
function textProblem(text: string): string | null {
  if (text.length > MAX_ARGUMENT_TEXT) return `is ${text.length} characters long, more than the ${MAX_ARGUMENT_TEXT} any argument may hold`;
  if (NUL.test(text)) return "contains a NUL character (U+0000), which no text may hold";
  if (LONE_SURROGATE.test(text)) return "contains an unpaired UTF-16 surrogate, which is not a character and has no UTF-8 form";
  return null;
}

/**
 * Refuses with BAD_USER_INPUT, naming it by its path (`filter.sector`, `input.aliases.1`), the first text in `value`
 * that the database cannot hold. Walks without recursion: the gateway bounds how deep variables nest, a subgraph
 * called some other way may not.
 */
export function checkTexts(argument: string, value: unknown): void {
  const stack: [unknown, string][] = [[value, argument]];
  while (stack.length) {
    const [item, path] = stack.pop()!;
    if (typeof item === "string") {
      const problem = textProblem(item);
      if (problem) throw new BadUserInputError(path, problem);
    } else if (item !== null && typeof item === "object") {
      const entries = Object.entries(item);
      // Reversed onto the stack, so that the first field at fault is the one named.
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], path ? `${path}.${entries[i][0]}` : entries[i][0]]);
    }
  }
}

/**
 * Wraps the resolver of every field that takes arguments so that their texts are checked (`checkTexts`) before it
 * runs: one place for every argument of every subgraph, the values of variables and literals alike. `_entities` is
 * left to the references, each of which checks its own representation (so that one bad reference fails alone).
 */
export function checkTextArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.args.length || field.name === "_entities") continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        checkTexts("", args);
        return resolve(source, args, context, info);
      };
    }
  }
}
