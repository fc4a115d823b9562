import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261207015044 } from "./Migration20261207015044";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261207015044", class: Migration20261207015044 },
];
