import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";

/**
 * The unfiltered partnership matrix, one row per pair of countries and kind, kept by PostgreSQL triggers on
 * `partnership` (migration Migration20261124010203): every writer is covered, the mutations, the sample loader and
 * the synthetic COPY alike. Never written by the application. Counts standing (not retracted) partnerships only
 * (Migration20261207030000).
 */
@Entity({ tableName: "partnership_pair_tally" })
export class PartnershipPairTally {
  /** The first country, alphabetically. */
  @PrimaryKey({ type: "text" })
  countryA!: string;

  /** The second country; the same as `countryA` for partnerships within one country. */
  @PrimaryKey({ type: "text" })
  countryB!: string;

  /** The kind of partnership. */
  @PrimaryKey({ type: "text" })
  kind!: string;

  /** How many partnerships of this kind link the two countries; a cell that drops to 0 stays, with 0. */
  @Property({ type: "int", default: 0 })
  partnerships!: number;
}
