import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SourcedRecord } from "../../../lib/records/records";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";

export enum FundingRole {
  FUNDER = "FUNDER",
  IMPLEMENTER = "IMPLEMENTER",
  BENEFICIARY = "BENEFICIARY",
}

registerEnumType(FundingRole, {
  name: "FundingRole",
  description: "The part an organisation, cluster or partnership plays in a funding programme.",
  valuesConfig: {
    FUNDER: { description: "Pays for the programme (alone or with co-funders)." },
    IMPLEMENTER: { description: "Runs the programme on the funders' behalf." },
    BENEFICIARY: { description: "Is supported by the programme: funded, trained, hosted or advised under it." },
  },
});

@ObjectType({ description: "How an organisation, cluster or partnership takes part in a funding programme: as funder, implementer or beneficiary." })
@Entity({ tableName: "funding_involvement" })
// fundingStats counts each programme's beneficiaries from this index alone (an index-only scan).
@Index({ properties: ["programmeId", "role"] })
export class FundingInvolvement extends SourcedRecord {
  @Field(_type => ID, { description: "Stable identifier of this involvement." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => FundingProgramme, { mapToPk: true, fieldName: "programme_id" })
  @Index()
  programmeId!: string;

  @ManyToOne(() => FundingOpportunity, { mapToPk: true, nullable: true, fieldName: "opportunity_id" })
  @Index()
  opportunityId?: string | null;

  @Property({ type: "text", nullable: true })
  @Index()
  organisationId?: string | null;

  @Property({ type: "text", nullable: true })
  @Index()
  clusterId?: string | null;

  @Property({ type: "text", nullable: true })
  @Index()
  partnershipId?: string | null;

  @Field(_type => FundingRole, { description: "The part played." })
  @Enum({ items: () => FundingRole })
  @Index()
  role!: FundingRole;

  @Field(_type => String, { nullable: true, description: "What the source says about this involvement." })
  @Property({ type: "text", nullable: true })
  note?: string | null;
}
