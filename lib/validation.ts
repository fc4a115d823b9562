import { validate, type ValidationError } from "class-validator";
import { BadUserInputError } from "./errors";

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
