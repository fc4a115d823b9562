import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { SourcedRecord } from "../../../lib/records/records";
import { Partnership } from "./partnership.entity";

export enum PartyRole {
  SIGNATORY = "SIGNATORY",
  ORGANISER = "ORGANISER",
  PARTICIPANT = "PARTICIPANT",
  HOST = "HOST",
  EXPERT = "EXPERT",
  FOUNDER = "FOUNDER",
  PARTNER = "PARTNER",
  FRAMEWORK = "FRAMEWORK",
  INVITED = "INVITED",
}

registerEnumType(PartyRole, {
  name: "PartyRole",
  description: "The part a party plays in a partnership.",
  valuesConfig: {
    SIGNATORY: { description: "Signed the agreement." },
    ORGANISER: { description: "Organised the visit, seminars or project." },
    PARTICIPANT: { description: "Took part: a delegation member, a participant of seminars." },
    HOST: { description: "Hosted the visit or event." },
    EXPERT: { description: "Gave expertise: talks, advice, mentoring." },
    FOUNDER: { description: "Set up the joint company or body." },
    PARTNER: { description: "Cooperates as a partner." },
    FRAMEWORK: { description: "The programme or body under whose framework the partnership took place." },
    INVITED: { description: "Was invited, as the source says; whether and how it took part is only what the party's note says." },
  },
});

@ObjectType({ description: "One party of a partnership: an organisation or a cluster, with its role." })
@Entity({ tableName: "partnership_party" })
export class PartnershipParty extends SourcedRecord {
  @Field(_type => ID, { description: "Stable identifier of this party of the partnership." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => Partnership, { mapToPk: true, fieldName: "partnership_id" })
  @Index()
  partnershipId!: string;

  @Property({ type: "text", nullable: true })
  @Index()
  organisationId?: string | null;

  @Property({ type: "text", nullable: true })
  @Index()
  clusterId?: string | null;

  @Field(_type => PartyRole, { description: "The part this party plays." })
  @Enum({ items: () => PartyRole })
  role!: PartyRole;

  @Field(_type => String, { nullable: true, description: "What the source says about this party's part." })
  @Property({ type: "text", nullable: true })
  note?: string | null;
}
