import { getMetadataStorage as validationStorage, IsArray, IsDefined, ValidationTypes } from "class-validator";
import type { ValidationMetadata } from "class-validator/types/metadata/ValidationMetadata";
import { Field, getMetadataStorage as graphqlStorage, InputType, type ClassType } from "type-graphql";
import { IfGiven, SourceInput } from "./writes";

/** What the source of every update says, whatever the record: the record cites it from now on. */
const UPDATE_SOURCE = "The article or document the change rests on; the record cites it from now on.";

const IS_OPTIONAL = "isOptional";

/** The fields of an update: the create input's, less those it cannot change, each optional but the source. */
export type UpdateOf<T, K extends keyof T> = Partial<Omit<T, K | "source">> & Pick<T, "source" & keyof T>;

export interface UpdateInputOptions<K> {
  /** The GraphQL name of the update input, such as `UpdateClusterInput`. */
  name: string;
  description: string;
  /** The create input's fields an update cannot change (the id, the kind, the parent). */
  omit?: readonly K[];
}

/** A list's description says that an update replaces it. */
const replacesTheList = (description?: string) =>
  description === undefined || description.includes("replaces the list") ? description : `${description.replace(/\.$/, "")} (replaces the list).`;

const arrayOf = (type: unknown, depth: number): unknown => (depth > 0 ? [arrayOf(type, depth - 1)] : type);

/**
 * The update input of a create input: a new `@InputType` with the create input's fields (less `omit`), their
 * descriptions and every class-validator rule, where each field but the source may be left out. A field the create
 * input requires may not be cleared (`null` breaks its rules, or `IsDefined` where it has none); a list is replaced,
 * never cleared; an optional field is cleared by `null`. See docs/decisions/0005-update-inputs-derived.md.
 */
export function updateInputOf<T extends object, K extends keyof T & string = never>(
  Create: ClassType<T>,
  options: UpdateInputOptions<K>,
): ClassType<UpdateOf<T, K>> {
  const Update = { [options.name]: class {} }[options.name];
  const omitted = new Set<string>(options.omit ?? []);
  const fields = graphqlStorage().fields.filter(field => field.target === Create && !omitted.has(field.name));
  const rules = validationStorage().getTargetValidationMetadatas(Create, "", true, false);
  for (const field of fields) {
    // Calling the type function is what makes type-graphql note whether the field is a list (`typeOptions.array`).
    const inner = field.getType();
    const depth = field.typeOptions.array ? (field.typeOptions.arrayDepth ?? 1) : 0;
    const isSource = inner === SourceInput;
    const list = depth > 0;
    Field(() => arrayOf(inner, depth) as never, {
      nullable: isSource ? field.typeOptions.nullable : true,
      description: isSource ? UPDATE_SOURCE : list ? replacesTheList(field.description) : field.description,
    })(Update.prototype, field.name);
    const own = rules.filter(rule => rule.propertyName === field.name);
    const required = !field.typeOptions.nullable;
    if (isSource || (!required && !list)) {
      copy(own, Update);
      continue;
    }
    // A required field or a list: checked whenever given, so that `null` must pass its rules.
    copy(own.filter(rule => rule.name !== IS_OPTIONAL), Update);
    if (list && !own.some(rule => rule.name === "isArray")) IsArray()(Update.prototype, field.name);
    const refusesNull = own.some(rule => rule.type !== ValidationTypes.CONDITIONAL_VALIDATION && !rule.each);
    if (required && !list && !refusesNull) IsDefined({ message: `${field.name} cannot be cleared` })(Update.prototype, field.name);
    IfGiven()(Update.prototype, field.name);
  }
  InputType(options.name, { description: options.description })(Update);
  return Update as ClassType<UpdateOf<T, K>>;
}

/** Registers the create input's rules again for the update input, in the order the create input declared them. */
function copy(rules: ValidationMetadata[], target: Function): void {
  for (const rule of rules) validationStorage().addValidationMetadata(Object.assign(Object.create(Object.getPrototypeOf(rule)), rule, { target }));
}
