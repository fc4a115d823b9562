import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123222445 } from "./Migration20261123222445";
import { Migration20261123225211 } from "./Migration20261123225211";
import { Migration20261123225313 } from "./Migration20261123225313";
import { Migration20261124010541 } from "./Migration20261124010541";
import { Migration20261124020110 } from "./Migration20261124020110";
import { Migration20261206232401 } from "./Migration20261206232401";
import { Migration20261206235010 } from "./Migration20261206235010";
import { Migration20261207014356 } from "./Migration20261207014356";
import { Migration20261207014554 } from "./Migration20261207014554";
import { Migration20261207015400 } from "./Migration20261207015400";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123222445", class: Migration20261123222445 },
  { name: "Migration20261123225211", class: Migration20261123225211 },
  { name: "Migration20261123225313", class: Migration20261123225313 },
  { name: "Migration20261124010541", class: Migration20261124010541 },
  { name: "Migration20261124020110", class: Migration20261124020110 },
  { name: "Migration20261206232401", class: Migration20261206232401 },
  { name: "Migration20261206235010", class: Migration20261206235010 },
  { name: "Migration20261207014356", class: Migration20261207014356 },
  { name: "Migration20261207014554", class: Migration20261207014554 },
  { name: "Migration20261207015400", class: Migration20261207015400 },
];
