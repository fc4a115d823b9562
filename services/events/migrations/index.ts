import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123230100 } from "./Migration20261123230100";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123230100", class: Migration20261123230100 },
];
