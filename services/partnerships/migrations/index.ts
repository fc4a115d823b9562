import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123222803 } from "./Migration20261123222803";
import { Migration20261123225215 } from "./Migration20261123225215";
import { Migration20261123225315 } from "./Migration20261123225315";
import { Migration20261124010203 } from "./Migration20261124010203";
import { Migration20261124020115 } from "./Migration20261124020115";
import { Migration20261206230345 } from "./Migration20261206230345";
import { Migration20261207014605 } from "./Migration20261207014605";
import { Migration20261207015416 } from "./Migration20261207015416";
import { Migration20261207030000 } from "./Migration20261207030000";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123222803", class: Migration20261123222803 },
  { name: "Migration20261123225215", class: Migration20261123225215 },
  { name: "Migration20261123225315", class: Migration20261123225315 },
  { name: "Migration20261124010203", class: Migration20261124010203 },
  { name: "Migration20261124020115", class: Migration20261124020115 },
  { name: "Migration20261206230345", class: Migration20261206230345 },
  { name: "Migration20261207014605", class: Migration20261207014605 },
  { name: "Migration20261207015416", class: Migration20261207015416 },
  { name: "Migration20261207030000", class: Migration20261207030000 },
];
