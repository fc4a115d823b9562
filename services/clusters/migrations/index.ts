import type { MigrationObject } from "@mikro-orm/core";
import { Migration20261123222801 } from "./Migration20261123222801";
import { Migration20261123225213 } from "./Migration20261123225213";
import { Migration20261123225219 } from "./Migration20261123225219";
import { Migration20261124005306 } from "./Migration20261124005306";
import { Migration20261124011914 } from "./Migration20261124011914";
import { Migration20261124020113 } from "./Migration20261124020113";
import { Migration20261124021818 } from "./Migration20261124021818";
import { Migration20261206232340 } from "./Migration20261206232340";
import { Migration20261206235000 } from "./Migration20261206235000";
import { Migration20261207014537 } from "./Migration20261207014537";
import { Migration20261207015346 } from "./Migration20261207015346";
import { Migration20261207030000 } from "./Migration20261207030000";

/** This subgraph's migrations, oldest first. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261123222801", class: Migration20261123222801 },
  { name: "Migration20261123225213", class: Migration20261123225213 },
  { name: "Migration20261123225219", class: Migration20261123225219 },
  { name: "Migration20261124005306", class: Migration20261124005306 },
  { name: "Migration20261124011914", class: Migration20261124011914 },
  { name: "Migration20261124020113", class: Migration20261124020113 },
  { name: "Migration20261124021818", class: Migration20261124021818 },
  { name: "Migration20261206232340", class: Migration20261206232340 },
  { name: "Migration20261206235000", class: Migration20261206235000 },
  { name: "Migration20261207014537", class: Migration20261207014537 },
  { name: "Migration20261207015346", class: Migration20261207015346 },
  { name: "Migration20261207030000", class: Migration20261207030000 },
];
