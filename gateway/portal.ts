import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
} from "graphql";
import type { Action, FactList, FieldInfo, PortalSchema, TypeRef } from "../portal/schema";
import { bundleScript, jsonModule, pageFiles } from "./page";

/** The portal's source: a page, its script (TypeScript, bundled here) and its styles (portal/, docs/partners.md "The portal"). */
export const PORTAL_DIR = path.resolve(__dirname, "../portal");
const API_SCHEMA = path.resolve(__dirname, "../schema/api.graphql");

function typeRef(type: GraphQLType): TypeRef {
  const required = isNonNullType(type);
  const inner = required ? type.ofType : type;
  const named = getNamedType(type);
  const kind = isScalarType(named) ? "SCALAR" : isEnumType(named) ? "ENUM" : isInputObjectType(named) ? "INPUT_OBJECT" : isObjectType(named) ? "OBJECT" : "OTHER";
  return { kind, name: named.name, list: isListType(inner), required };
}

const fieldInfo = (field: GraphQLField<unknown, unknown> | GraphQLInputField | GraphQLArgument): FieldInfo => ({
  name: field.name,
  description: field.description ?? "",
  type: typeRef(field.type),
});

/**
 * What the portal's forms are built from, read from the public API schema: every `update<Type>(id, expectedVersion,
 * input)` mutation, the input types and enums it takes, the record type's own fields, and the `grant<Type>` mutations.
 * A field added to an input type appears in the portal's form without a change to the page.
 */
export function portalSchema(schema: GraphQLSchema = buildSchema(readFileSync(API_SCHEMA, "utf8"))): PortalSchema {
  const mutations = schema.getMutationType()?.getFields() ?? {};
  const queries = schema.getQueryType()?.getFields() ?? {};
  const inputs: PortalSchema["inputs"] = {};
  const enums: PortalSchema["enums"] = {};
  const collect = (type: GraphQLType) => {
    const named = getNamedType(type);
    if (isEnumType(named)) enums[named.name] ??= named.getValues().map(value => ({ name: value.name, description: value.description ?? "" }));
    if (!isInputObjectType(named) || inputs[named.name]) return;
    inputs[named.name] = Object.values(named.getFields()).map(fieldInfo);
    for (const field of Object.values(named.getFields())) collect(field.type);
  };
  const records: PortalSchema["records"] = [];
  for (const mutation of Object.values(mutations)) {
    const type = /^update([A-Z]\w*)$/.exec(mutation.name)?.[1];
    const names = mutation.args.map(arg => arg.name).sort().join(",");
    const recordType = type && schema.getType(type);
    if (!type || names !== "expectedVersion,id,input" || !isObjectType(recordType)) continue;
    const input = mutation.args.find(arg => arg.name === "input")!;
    collect(input.type);
    // The root list of the type (`clusters`), when it has one that takes `first`: My records lists from it.
    const list = Object.values(queries).find(query => getNamedType(query.type).name === `${type}Connection` && query.args.some(arg => arg.name === "first"));
    const one = Object.values(queries).find(query => query.type === recordType && query.args.length === 1 && query.args[0].name === "id");
    if (!one) continue;
    const fields = Object.values(recordType.getFields()).filter(field => !field.args.some(arg => isNonNullType(arg.type) && arg.defaultValue === undefined));
    records.push({
      type,
      update: mutation.name,
      input: getNamedType(input.type).name,
      one: one.name,
      list: list?.name ?? null,
      listMine: list?.args.some(arg => arg.name === "mine") ?? false,
      fields: fields.map(fieldInfo),
      facts: fields.flatMap(field => factList(schema, recordType, field, collect)),
    });
  }
  // Facts are what a record holds and retracts; a record with a page of its own (an initiator, a partnership) is not one.
  const own = new Set(records.map(record => record.type));
  for (const record of records) record.facts = record.facts.filter(fact => fact.retractable && !own.has(fact.type));
  const grants = Object.values(mutations).flatMap(mutation => {
    const type = /^grant([A-Z]\w*)$/.exec(mutation.name)?.[1];
    return type ? [{ type, mutation: mutation.name }] : [];
  });
  return { records, inputs, enums, grants };
}

const isValue = (type: GraphQLType) => isScalarType(getNamedType(type)) || isEnumType(getNamedType(type));

/**
 * A list of facts of a record (a list field of an object type that some mutation adds to: `add<Fact>` or
 * `create<Fact>`), with its `retract<Fact>` and `restore<Fact>` when the schema has them.
 */
function factList(schema: GraphQLSchema, record: GraphQLObjectType, field: GraphQLField<unknown, unknown>, collect: (type: GraphQLType) => void): FactList[] {
  const type = getNamedType(field.type);
  const inner = isNonNullType(field.type) ? field.type.ofType : field.type;
  if (!isObjectType(type) || !isListType(inner)) return [];
  const mutations = schema.getMutationType()?.getFields() ?? {};
  const action = (name: string): Action | null => {
    const mutation = mutations[name];
    if (!mutation) return null;
    for (const arg of mutation.args) collect(arg.type);
    return { mutation: name, args: mutation.args.map(fieldInfo), returnsRecord: getNamedType(mutation.type) === record };
  };
  const add = action(`add${type.name}`) ?? action(`create${type.name}`);
  if (!add) return [];
  const fields = type.getFields();
  return [
    {
      field: field.name,
      type: type.name,
      values: Object.values(fields).filter(f => isValue(f.type) && !f.args.length).map(f => f.name),
      links: Object.values(fields)
        .filter(f => !f.args.length && f.name !== "source" && isObjectType(isNonNullType(f.type) ? f.type.ofType : f.type) && "name" in (getNamedType(f.type) as GraphQLObjectType).getFields())
        .map(f => f.name),
      hasSource: "source" in fields,
      retractable: "retracted" in fields && field.args.some(arg => arg.name === "includeRetracted"),
      add,
      retract: action(`retract${type.name}`),
      restore: action(`restore${type.name}`),
    },
  ];
}

/** Bundles portal/main.ts, what it imports and the schema's description (`portal:schema`) into one ES module. */
export const bundlePortal = (): Promise<string> =>
  bundleScript(path.join(PORTAL_DIR, "main.ts"), jsonModule("portal:schema", portalSchema));

/** `GET /portal` and `GET /portal/<file>`: the partners' portal, its script and styles, built at the first visit. */
export const portalHandler = pageFiles("the portal's page", () => [
  ["", "html", readFileSync(path.join(PORTAL_DIR, "index.html"), "utf8")],
  ["portal.js", "text/javascript", bundlePortal()],
  ["portal.css", "css", readFileSync(path.join(PORTAL_DIR, "portal.css"), "utf8")],
]);
