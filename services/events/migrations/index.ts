import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123230100 } from "./Migration20261123230100";
import { Migration20261207014540 } from "./Migration20261207014540";
import { Migration20261207020000 } from "./Migration20261207020000";
import { Migration20261207021109 } from "./Migration20261207021109";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123230100", class: Migration20261123230100 },
  { name: "Migration20261207014540", class: Migration20261207014540 },
  { name: "Migration20261207020000", class: Migration20261207020000 },
  { name: "Migration20261207021109", class: Migration20261207021109 },
];
