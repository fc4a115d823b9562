import { createRequire } from "node:module";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // Decorators need their metadata: SWC compiles the tests, with legacy decorators as tsconfig says.
  plugins: [swc.vite({ module: { type: "es6" } })],
  resolve: {
    // One graphql instance: type-graphql and Apollo require() the CommonJS build, so the tests must use it too.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    setupFiles: ["reflect-metadata"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two kinds (`npm run test:unit`, `npm run test:integration`; `npm test` runs both): a unit test starts no graph
    // and no database; an integration test (`*.int.test.ts`) runs against real processes and PostgreSQL.
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/**/*.int.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.int.test.ts"],
          globalSetup: ["test/helpers/global-setup.ts"],
          // Graphs that tests start themselves cache no answers either (see test/helpers/global-setup.ts).
          env: { CACHE_MAX_AGE: "0" },
          // One graph serves every file; statement counts need no other file's requests in between.
          fileParallelism: false,
        },
      },
    ],
  },
});
