import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123225440 } from "./Migration20261123225440";
import { Migration20261207020000 } from "./Migration20261207020000";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123225440", class: Migration20261123225440 },
  { name: "Migration20261207020000", class: Migration20261207020000 },
];
