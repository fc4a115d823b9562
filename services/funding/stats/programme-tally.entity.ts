import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";

/**
 * One row per funding programme with the counts `fundingStats` reads, kept by PostgreSQL triggers on
 * `funding_opportunity` and `funding_involvement` (migration Migration20261124011129): every writer is covered, the
 * mutations, the sample loader and the synthetic COPY alike. Never written by the application. A programme without a
 * row has no opportunities and no beneficiaries. Retracted ones are not counted (Migration20261207030000).
 */
@Entity({ tableName: "programme_tally" })
export class ProgrammeTally {
  // No foreign key to funding_programme: the rows follow the opportunities and involvements, whose own keys keep them honest.
  @PrimaryKey({ type: "text" })
  programmeId!: string;

  /** How many standing calls and initiatives (opportunities) the programme has. */
  @Property({ type: "int", default: 0 })
  opportunities!: number;

  /** How many standing involvements of the programme have the role BENEFICIARY. */
  @Property({ type: "int", default: 0 })
  beneficiaries!: number;
}
