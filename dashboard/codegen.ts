import type { CodegenConfig } from "@graphql-codegen/cli";

// Documents as strings: the pages send (and the dashboard shows) the query text, and need no GraphQL parser in the browser.
const client = { preset: "client", config: { documentMode: "string", useTypeImports: true, enumsAsTypes: true }, presetConfig: { fragmentMasking: false } } as const;

/**
 * GraphQL Code Generator: the dashboard's and the portal's queries typed from the checked-in public API schema
 * (schema/api.graphql), so no running gateway (and no introspection) is needed. `npm run codegen`; test/dashboard.test.ts
 * guards the output of both.
 */
const config: CodegenConfig = {
  schema: "schema/api.graphql",
  ignoreNoDocuments: false,
  generates: {
    "dashboard/gql/": { ...client, documents: ["dashboard/**/*.ts", "!dashboard/gql/**"] },
    "portal/gql/": { ...client, documents: ["portal/**/*.ts", "!portal/gql/**"] },
  },
};

export default config;
