import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";

/**
 * How many rows a table has, kept by PostgreSQL triggers that a subgraph's migration puts on the table (see the
 * organisations subgraph's Migration20261124010541), so that an unfiltered `totalCount` reads one row instead of
 * counting every record. A list uses it when its `Listing` says `tallied`. Never written by the application.
 */
@Entity({ tableName: "row_tally" })
export class RowTally {
  /** The table counted. */
  @PrimaryKey({ type: "text" })
  tableName!: string;

  /** How many rows it has. */
  @Property({ type: "int", default: 0 })
  rows!: number;
}
