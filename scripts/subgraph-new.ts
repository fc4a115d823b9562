import "reflect-metadata";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.resolve(__dirname, "..");

const pascal = (text: string) => text.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
const camel = (text: string) => pascal(text).replace(/^./, c => c.toLowerCase());

/** The files of a new subgraph in the house shape: one aggregate, its loaders, reference, inputs and resolver. */
export function subgraphFiles(name: string, port: number, stamp: string): Record<string, string> {
  const noun = name.endsWith("s") ? name.slice(0, -1) : `${name}-item`;
  const Noun = pascal(noun);
  const nounVar = camel(noun);
  const Name = pascal(name);
  const nameVar = camel(name);
  const table = noun.replace(/-/g, "_");
  const migration = `Migration${stamp}`;
  return {
    "README.md": `# ${name} subgraph\n\nOwns **\`${Noun}\`** (\`@key(fields: "id")\`). Made with \`npm run subgraph:new -- ${name}\`; describe here what it owns,\nwhich entities it extends and who references it.\n\n- Root fields: \`${nameVar}(first, after)\`, \`${nounVar}(id)\`; mutations \`create${Noun}\`, \`update${Noun}\`.\n- Database \`<db>_${name}\`. Runs on port ${port} (its line in \`services/registry.ts\`).\n`,
    "main.ts": `import "reflect-metadata";\nimport { main } from "../../lib/subgraph/subgraph-server";\nimport { loadSubgraph } from "../registry";\n\nvoid loadSubgraph("${name}").then(main);\n`,
    "subgraph.ts": `import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";\nimport { create${Name}Context, type ${Name}Context } from "./context";\nimport { load${Name}Sample } from "./data";\nimport { ${nameVar}Database } from "./mikro-orm.config";\nimport { build${Name}Schema } from "./schema";\n\n/** The ${name} subgraph: owns \`${Noun}\`. */\nexport const subgraph: SubgraphDefinition<${Name}Context> = {\n  ...${nameVar}Database,\n  buildSchema: build${Name}Schema,\n  createContext: create${Name}Context,\n  loadSampleData: load${Name}Sample,\n};\n`,
    "schema.ts": `import { buildFederatedSchema } from "../../lib/subgraph/subgraph-schema";\nimport { ${nounVar}Reference } from "./${noun}/${noun}.reference";\nimport { ${Noun}ChangesResolver, ${Noun}Resolver } from "./${noun}/${noun}.resolver";\n\n/** The ${name} subgraph schema. */\nexport const build${Name}Schema = () =>\n  buildFederatedSchema({\n    resolvers: [${Noun}Resolver, ${Noun}ChangesResolver],\n    references: { ${Noun}: ${nounVar}Reference },\n  });\n`,
    "context.ts": `import type { MikroORM } from "@mikro-orm/postgresql";\nimport type { Caller } from "../../lib/platform/auth";\nimport { createRequestContext, type RequestContext } from "../../lib/records/context";\nimport { ${nounVar}Loaders } from "./${noun}/${noun}.loaders";\n\nexport type ${Name}Context = RequestContext<ReturnType<typeof ${nounVar}Loaders>>;\n\n/** The ${name} subgraph's per-request context. */\nexport const create${Name}Context = (orm: MikroORM, caller: Caller | null = null): ${Name}Context =>\n  createRequestContext(orm, em => ({ ...${nounVar}Loaders(em) }), caller);\n`,
    "mikro-orm.config.ts": `import { AuditEntry } from "../../lib/records/audit";\nimport { OutboxEntry } from "../../lib/records/outbox";\nimport { Source } from "../../lib/records/sources";\nimport { RecordGrant } from "../../lib/records/writes";\nimport { ${Noun} } from "./${noun}/${noun}.entity";\nimport { migrations } from "./migrations";\n\n/** The ${name} subgraph's tables and the migrations that make them. */\nexport const ${nameVar}Database = { entities: [Source, AuditEntry, OutboxEntry, RecordGrant, ${Noun}], migrations };\n`,
    "data/index.ts": `import type { MikroORM } from "@mikro-orm/postgresql";\nimport { loadSample } from "../../../lib/records/sample-data";\nimport { ${Noun} } from "../${noun}/${noun}.entity";\nimport sample from "./sample.json";\n\n/** Loads the sample records; each must cite a source of lib/records/sample-sources.json. */\nexport const load${Name}Sample = (orm: MikroORM) => loadSample(orm, [{ entity: ${Noun}, rows: sample.records }]);\n`,
    "data/sample.json": `{\n  "records": []\n}\n`,
    "migrations/index.ts": `import type { MigrationObject } from "@mikro-orm/core";\nimport { ${migration} } from "./${migration}";\n\n/** This subgraph's migrations, oldest first. */\nexport const migrations: MigrationObject[] = [\n  { name: "${migration}", class: ${migration} },\n];\n`,
    [`migrations/${migration}.ts`]: `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${migration} extends Migration {\n\n  override async up(): Promise<void> {\n    this.addSql(\`create table "audit_entry" ("id" serial primary key, "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "before" jsonb null, "after" jsonb not null);\`);\n    this.addSql(\`create index "audit_entry_entity_record_id_index" on "audit_entry" ("entity", "record_id");\`);\n\n    this.addSql(\`create table "change_outbox" ("id" bigserial primary key, "txid" xid8 null default pg_current_xact_id(), "entity" text not null, "record_id" text not null, "action" text not null, "partner_id" text not null, "at" timestamptz not null, "countries" text[] not null, "after" jsonb null);\`);\n    this.addSql(\`create index "change_outbox_txid_id_index" on "change_outbox" ("txid", "id");\`);\n\n    this.addSql(\`create table "${table}" ("id" text not null, "name" text not null, "description" text null, "owner_id" text null, "version" int not null default 1, "source_ids" text[] not null, constraint "${table}_pkey" primary key ("id"));\`);\n\n    this.addSql(\`create table "record_grant" ("id" text not null, "partner_id" text not null, "entity" text not null, "record_id" text not null, "granted_at" timestamptz not null, constraint "record_grant_pkey" primary key ("id"));\`);\n    this.addSql(\`alter table "record_grant" add constraint "record_grant_partner_id_entity_record_id_unique" unique ("partner_id", "entity", "record_id");\`);\n\n    this.addSql(\`create table "source" ("id" text not null, "title" text not null, "language" text not null, "file_name" text null, "url" text null, "publisher" text null, "published_on" text null, constraint "source_pkey" primary key ("id"));\`);\n  }\n\n  override async down(): Promise<void> {\n    this.addSql(\`drop table if exists "audit_entry" cascade;\`);\n    this.addSql(\`drop table if exists "change_outbox" cascade;\`);\n    this.addSql(\`drop table if exists "${table}" cascade;\`);\n    this.addSql(\`drop table if exists "record_grant" cascade;\`);\n    this.addSql(\`drop table if exists "source" cascade;\`);\n  }\n\n}\n`,
    [`${noun}/${noun}.entity.ts`]: `import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";\nimport { Directive, Field, ID, ObjectType } from "type-graphql";\nimport { OwnedRecord } from "../../../lib/records/records";\n\n@Directive(\`@key(fields: "id")\`)\n@ObjectType({ description: "A ${noun.replace(/-/g, " ")} of the ${name} subgraph (describe what it is)." })\n@Entity({ tableName: "${table}" })\nexport class ${Noun} extends OwnedRecord {\n  @Field(_type => ID, { description: "Stable identifier." })\n  @PrimaryKey({ type: "text" })\n  id!: string;\n\n  @Field({ description: "Name, in the language of its source." })\n  @Property({ type: "text" })\n  name!: string;\n\n  @Field(_type => String, { nullable: true, description: "What the source says about it." })\n  @Property({ type: "text", nullable: true })\n  description?: string | null;\n}\n`,
    [`${noun}/${noun}.inputs.ts`]: `import { IsOptional, Length, Matches, ValidateNested } from "class-validator";\nimport { Field, ID, InputType } from "type-graphql";\nimport { updateInputOf } from "../../../lib/records/inputs";\nimport { RECORD_ID, SourceInput } from "../../../lib/records/writes";\n\n@InputType({ description: "A new ${noun.replace(/-/g, " ")}. The caller's partner becomes its owner." })\nexport class Create${Noun}Input {\n  @Field(_type => ID, { nullable: true, description: "Id: lower-case words joined by hyphens; a random one when empty." })\n  @IsOptional()\n  @Matches(RECORD_ID, { message: "id must be lower-case letters and digits joined by hyphens" })\n  id?: string | null;\n\n  @Field({ description: "Name, in the language of its source." })\n  @Length(1, 300)\n  name!: string;\n\n  @Field(_type => String, { nullable: true, description: "What the source says about it." })\n  @IsOptional()\n  @Length(1, 5000)\n  description?: string | null;\n\n  @Field(_type => SourceInput, { description: "The article or document this record rests on." })\n  @ValidateNested()\n  source!: SourceInput;\n}\n\nexport const Update${Noun}Input = updateInputOf(Create${Noun}Input, {\n  name: "Update${Noun}Input",\n  description: "Changes to a ${noun.replace(/-/g, " ")}: only the fields given change; null clears an optional field.",\n  omit: ["id"],\n});\nexport type Update${Noun}Input = InstanceType<typeof Update${Noun}Input>;\n`,
    [`${noun}/${noun}.loaders.ts`]: `import type { EntityManager } from "@mikro-orm/postgresql";\nimport { oneLoader } from "../../../lib/subgraph/loaders";\nimport { ${Noun} } from "./${noun}.entity";\n\n/** Request-scoped loaders of ${name}. */\nexport const ${nounVar}Loaders = (em: EntityManager) => ({\n  ${nounVar}ById: oneLoader<string, ${Noun}>(ids => em.find(${Noun}, { id: { $in: ids } }), r => r.id),\n});\n`,
    [`${noun}/${noun}.reference.ts`]: `import type { ${Name}Context } from "../context";\nimport type { ${Noun} } from "./${noun}.entity";\n\n/** Resolves the records other subgraphs point at, batched through the request's loader. */\nexport const ${nounVar}Reference = {\n  __resolveReference: (ref: { id: string }, ctx: ${Name}Context): Promise<${Noun} | null> => ctx.loaders.${nounVar}ById.load(ref.id),\n};\n`,
    [`${noun}/${noun}.listing.ts`]: `import { sortOf, type Listing } from "../../../lib/subgraph/listing";\n\n/** The SQL of a \`${nameVar}\` list: its conditions over \`t\` (none yet), ordered by id. */\nexport function ${nounVar}Listing(): Listing {\n  return { table: "${table}", conditions: [], ...sortOf({ ID: null }, null) };\n}\n`,
    [`${noun}/${noun}.resolver.ts`]: `import type { GraphQLResolveInfo } from "graphql";\nimport { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";\nimport { ChangesResolver } from "../../../lib/records/audit";\nimport { findListPage, selects } from "../../../lib/subgraph/listing";\nimport { Connection, PageArgs } from "../../../lib/subgraph/pagination";\nimport { loadSources, Source } from "../../../lib/records/sources";\nimport { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/records/writes";\nimport type { ${Name}Context } from "../context";\nimport { ${Noun} } from "./${noun}.entity";\nimport { Create${Noun}Input, Update${Noun}Input } from "./${noun}.inputs";\nimport { ${nounVar}Listing } from "./${noun}.listing";\n\nexport const ${Noun}Connection = Connection(${Noun}, "${Noun}", "${name}");\n\n@Resolver(_of => ${Noun})\nexport class ${Noun}Resolver {\n  @Query(_returns => ${Noun}Connection, { description: "${Name}, a page at a time, ordered by id." })\n  ${nameVar}(@Args(_type => PageArgs) page: PageArgs, @Ctx() ctx: ${Name}Context, @Info() info: GraphQLResolveInfo) {\n    return findListPage(ctx.em, ${Noun}, ${nounVar}Listing(), page, selects(info, "totalCount"));\n  }\n\n  @Query(_returns => ${Noun}, { nullable: true, description: "One record by id; null when there is none." })\n  ${nounVar}(@Arg("id", _type => ID, { description: "The id." }) id: string, @Ctx() ctx: ${Name}Context) {\n    return ctx.loaders.${nounVar}ById.load(id);\n  }\n\n  @Mutation(_returns => ${Noun}, { description: "Creates a record owned by the caller's partner, citing the source given." })\n  create${Noun}(@Arg("input", _type => Create${Noun}Input, { description: "The new record and its source." }) input: Create${Noun}Input, @Ctx() ctx: ${Name}Context) {\n    const { id, source, ...data } = input;\n    return createRecord(ctx, { entity: ${Noun}, name: "${Noun}", id, data, source });\n  }\n\n  @Mutation(_returns => ${Noun}, { description: "Changes a record the caller's partner owns or has been granted." })\n  update${Noun}(\n    @Arg("id", _type => ID, { description: "The id." }) id: string,\n    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,\n    @Arg("input", _type => Update${Noun}Input, { description: "The fields to change and the source of the change." }) input: Update${Noun}Input,\n    @Ctx() ctx: ${Name}Context,\n  ) {\n    const { source, ...changes } = input;\n    return updateRecord(ctx, { entity: ${Noun}, name: "${Noun}", id, expectedVersion, changes: given(changes), source });\n  }\n\n  @FieldResolver(_returns => [Source], { description: "The articles and documents this record rests on." })\n  sources(@Root() record: ${Noun}, @Ctx() ctx: ${Name}Context) {\n    return loadSources(ctx.loaders, record.sourceIds);\n  }\n}\n\nexport const ${Noun}ChangesResolver = ChangesResolver(${Noun}, "${Noun}");\n`,
  };
}

/** The registry with one more line, for `name` on the port after the highest one there: [text, port]. */
export function withRegistryLine(registryText: string, name: string, options: { partner: boolean }): [string, number] {
  const lines = registryText.split("\n");
  const end = lines.findIndex(line => line.startsWith("} as const satisfies"));
  if (end < 0) throw new Error("services/registry.ts has no `} as const satisfies` line closing the registry");
  const port = Math.max(...[...registryText.matchAll(/\bport: (\d+)/g)].map(m => Number(m[1]))) + 1;
  lines.splice(end, 0, `  ${name}: { port: ${port}${options.partner ? ", partner: true" : ""} },`);
  return [lines.join("\n"), port];
}

/**
 * Writes a new subgraph under services/<name>/ and adds its line to the registry (a partner's unless `ours`):
 * everything else derives from that line.
 */
export function scaffold(name: string, options: { root?: string; registry?: string; ours?: boolean } = {}): { folder: string; port: number } {
  // The name is a key of subgraphs.json and of the gateway's <NAME>_URL variable.
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a subgraph name: use lower-case letters, digits and _`);
  const root = options.root ?? ROOT;
  const folder = path.join(root, "services", name);
  if (existsSync(folder)) throw new Error(`services/${name} exists already`);
  const registry = options.registry ?? path.join(root, "services/registry.ts");
  const [registryText, port] = withRegistryLine(readFileSync(registry, "utf8"), name, { partner: !options.ours });
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [file, contents] of Object.entries(subgraphFiles(name, port, stamp))) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), contents);
  }
  writeFileSync(registry, registryText);
  return { folder, port };
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { ours: { type: "boolean" } } });
  const name = positionals[0] ?? "";
  try {
    const { folder, port } = scaffold(name, { ours: values.ours });
    const url = `http://127.0.0.1:${port}/graphql`;
    console.log(`wrote ${path.relative(ROOT, folder)}/ (one aggregate, its migration, loaders, reference, inputs and resolver)
added  ${name}: { port: ${port}${values.ours ? "" : ", partner: true"} } to services/registry.ts

Next:
  1. Shape the entity in services/${name}/, then \`npm run migration:create -- ${name}\` for the changes; \`npm run schema\` prints its SDL.
  2. Run it:  DATABASE_URL=postgres://postgres:postgres@127.0.0.1:54329/clusterhub_${name} node -r @swc-node/register services/${name}/main.ts
  3. Check it: npm run subgraph:check -- --name ${name} --url ${url}
${
  values.ours
    ? "  4. npm run registry: docker-compose.yml, subgraphs.json and deploy/kubernetes/ gain it; npm start runs it and the supergraph composes it."
    : `  4. Add { "name": "${name}", "url": "${url}" } to the subgraphs.json your gateway reads: it composes it in.`
}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
