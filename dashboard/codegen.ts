import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * GraphQL Code Generator: the dashboard's queries typed from the checked-in public API schema (schema/api.graphql), so
 * no running gateway (and no introspection) is needed. `npm run codegen`; test/dashboard.test.ts guards the output.
 */
const config: CodegenConfig = {
  schema: "schema/api.graphql",
  documents: ["dashboard/**/*.ts", "!dashboard/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "dashboard/gql/": {
      preset: "client",
      // Documents as strings: the page sends and shows the query text, and needs no GraphQL parser in the browser.
      config: { documentMode: "string", useTypeImports: true, enumsAsTypes: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
