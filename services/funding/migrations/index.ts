import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123222805 } from "./Migration20261123222805";
import { Migration20261123225217 } from "./Migration20261123225217";
import { Migration20261123225318 } from "./Migration20261123225318";
import { Migration20261124000737 } from "./Migration20261124000737";
import { Migration20261124011129 } from "./Migration20261124011129";
import { Migration20261124020118 } from "./Migration20261124020118";
import { Migration20261206234800 } from "./Migration20261206234800";
import { Migration20261207014544 } from "./Migration20261207014544";
import { Migration20261207015053 } from "./Migration20261207015053";
import { Migration20261207015433 } from "./Migration20261207015433";
import { Migration20261207030000 } from "./Migration20261207030000";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123222805", class: Migration20261123222805 },
  { name: "Migration20261123225217", class: Migration20261123225217 },
  { name: "Migration20261123225318", class: Migration20261123225318 },
  { name: "Migration20261124000737", class: Migration20261124000737 },
  { name: "Migration20261124011129", class: Migration20261124011129 },
  { name: "Migration20261124020118", class: Migration20261124020118 },
  { name: "Migration20261206234800", class: Migration20261206234800 },
  { name: "Migration20261207014544", class: Migration20261207014544 },
  { name: "Migration20261207015053", class: Migration20261207015053 },
  { name: "Migration20261207015433", class: Migration20261207015433 },
  { name: "Migration20261207030000", class: Migration20261207030000 },
];
