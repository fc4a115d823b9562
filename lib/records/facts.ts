import type { EntityClass, EntityManager } from "@mikro-orm/postgresql";
import { Length, ValidateNested } from "class-validator";
import { Arg, type ClassType, Ctx, Directive, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Resolver, Root } from "type-graphql";
import { ConflictError, NotFoundError } from "../platform/errors";
import type { RequestContext } from "./context";
import type { RetractableRecord } from "./records";
import { INCLUDE_RETRACTED, REASON, Retraction, retractionBy, standing } from "./retraction";
import {
  changePart,
  changeRecord,
  citeSource,
  citing,
  EXPECTED_VERSION,
  given,
  requirePartner,
  retractPart,
  retractRecord,
  restorePart,
  restoreRecord,
  SourceInput,
  type WritableRecord,
} from "./writes";

// Every fact a record holds is written through the record's one write contract (lib/records/writes.ts): the record's
// owner or grantee, the record's `expectedVersion` (a change to a fact is a new version of its record), a source, an
// audit entry, one transaction. Four shapes, one resolver factory each, so that every subgraph names its mutations
// alike: `retract<Record>`/`restore<Record>`; `add<Fact>`/`update<Fact>`/`retract<Fact>`/`restore<Fact>` for a list
// of facts kept inside the record (`ListedFact`); `update<Part>`/`retract<Part>`/`restore<Part>` for a part kept in a
// table of its own; `add<Link>`/`retract<Link>`/`restore<Link>` for a list of other records' ids (an event's
// participants). docs/partners.md, "Editing facts and retracting".

/** One fact of a list kept inside its record (a cluster's labels): addressed by `id`, citing its own source, retractable. */
@ObjectType({ description: "A fact of a record's list: its id within the record, and its retraction." })
export abstract class ListedFact {
  @Field(_type => ID, { description: "The fact's id within its record: its place in the list, 1 for the first. Facts are retracted, never removed, so it never changes." })
  id!: string;

  @Field(_type => Retraction, { nullable: true, description: "When, why and by whom the fact was retracted; empty while it stands." })
  retracted?: Retraction | null;

  /** The source the fact rests on. */
  sourceId!: string;
}

/**
 * Copies of a record's `ListedFact`s, each with its id: its place in the list (the sample data stores none). Copies, so
 * that a change never reaches the record's snapshot taken for the audit trail before it.
 */
const withIds = <F extends ListedFact>(facts: readonly F[] | null | undefined): F[] => (facts ?? []).map((fact, i) => ({ ...fact, id: fact.id ?? String(i + 1) }));

type ResolverContext = RequestContext<unknown>;

const lowerFirst = (name: string) => name[0].toLowerCase() + name.slice(1);

/** "a cluster", "an event": a record type's name as a noun, with its article. */
const aOrAn = (name: string) => `${/^[aeiou]/i.test(name) ? "an" : "a"} ${lowerFirst(name)}`;

/** `retract<Name>` and `restore<Name>` of a record type. */
export function RecordRetractionResolver<T extends WritableRecord>(entity: EntityClass<T> & ClassType<T>, name: string, noun: string) {
  @Resolver(_of => entity)
  class RetractionResolver {
    @Mutation(_returns => entity, {
      name: `retract${name}`,
      description: `Retracts a ${noun} the caller's partner owns or has been granted, saying why: lists and search leave it out, it is never deleted, and \`restore${name}\` brings it back.`,
    })
    retract(
      @Arg("id", _type => ID, { description: `The ${noun}'s id.` }) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("reason", REASON) reason: string,
      @Ctx() ctx: ResolverContext,
    ): Promise<T> {
      return retractRecord(ctx, { entity, name, id, expectedVersion, reason });
    }

    @Mutation(_returns => entity, { name: `restore${name}`, description: `Restores a retracted ${noun}: it is listed and found again.` })
    restore(
      @Arg("id", _type => ID, { description: `The ${noun}'s id.` }) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Ctx() ctx: ResolverContext,
    ): Promise<T> {
      return restoreRecord(ctx, { entity, name, id, expectedVersion });
    }
  }
  return RetractionResolver;
}

export interface FactListOptions<P extends WritableRecord, F extends ListedFact> {
  /** The record type that holds the list, and its GraphQL name (`Cluster`). */
  record: EntityClass<P> & ClassType<P>;
  recordName: string;
  /** The list's property on the record (`labels`), and its field's description. */
  field: keyof P & string;
  description: string;
  /** The fact type (`ClusterLabel`): its GraphQL name names the mutations (`addClusterLabel`). */
  fact: ClassType<F>;
  factName: string;
  noun: string;
  /** The input that adds a fact (`AddClusterLabelInput`) and the one derived from it that changes one (lib/records/inputs.ts). */
  add: ClassType<{ source: SourceInput }>;
  update: ClassType<{ source: SourceInput }>;
  /** Keeps a field derived from the list up to date after every change (a cluster's `foundedYear`). */
  derive?: (record: P) => void;
}

/**
 * The list field of a record's facts (standing ones unless `includeRetracted`) and its four mutations: `add<Fact>`,
 * `update<Fact>`, `retract<Fact>`, `restore<Fact>`, each a change of the record (see `changeRecord`) returning it.
 */
export function FactListResolver<P extends WritableRecord, F extends ListedFact>(options: FactListOptions<P, F>) {
  const { record: entity, recordName, field, factName, noun } = options;
  const recordArg = `${lowerFirst(recordName)}Id`;
  const recordDescription = { description: `The ${lowerFirst(recordName)} that holds the ${noun}.` };
  const factDescription = { description: `The ${noun}'s \`id\` within the ${lowerFirst(recordName)}.` };
  const factsOf = (record: P) => withIds(record[field] as unknown as F[]);

  /** Changes the list of the record at the version the caller read: `change` gets the list, ids set, to change in place. */
  const changeList = (ctx: ResolverContext, id: string, expectedVersion: number, change: (facts: F[], em: EntityManager, record: P) => Promise<void> | void) =>
    changeRecord(ctx, { entity, name: recordName, id, expectedVersion }, async (em, record) => {
      const facts = factsOf(record);
      await change(facts, em, record);
      Object.assign(record, { [field]: facts });
      options.derive?.(record);
    });

  const factIn = (facts: F[], recordId: string, factId: string): F => {
    const fact = facts.find(f => f.id === factId);
    if (!fact) throw new NotFoundError(factName, `${recordId}/${factId}`);
    return fact;
  };

  /** A fact's fields from an input: its source cited instead of given. */
  const citedFact = async (em: EntityManager, record: P, input: { source: SourceInput }) => {
    const { source, ...fields } = input;
    const sourceId = await citeSource(em, source);
    record.sourceIds = citing(record.sourceIds, sourceId);
    return { ...given(fields), sourceId };
  };

  @Resolver(_of => entity)
  class FactsResolver {
    // Named after the list: type-graphql finds a field's resolver by its method's name.
    @FieldResolver(_returns => [options.fact], { description: `${options.description} Retracted ones only with \`includeRetracted: true\`.` })
    [field](@Root() record: P, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean): F[] {
      return standing(factsOf(record), includeRetracted);
    }

    @Mutation(_returns => entity, { name: `add${factName}`, description: `Adds a ${noun} to ${aOrAn(recordName)} the caller's partner owns or has been granted; returns the ${lowerFirst(recordName)} at its new version.` })
    add(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("input", _type => options.add, { description: `The ${noun} and its source.` }) input: { source: SourceInput },
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      return changeList(ctx, recordId, expectedVersion, async (facts, em, record) => {
        facts.push({ ...(await citedFact(em, record, input)), id: String(facts.length + 1), retracted: null } as unknown as F);
      });
    }

    @Mutation(_returns => entity, { name: `update${factName}`, description: `Changes a ${noun} of ${aOrAn(recordName)} the caller's partner owns or has been granted; the ${noun} rests on the change's source from then on.` })
    update(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg("id", _type => ID, factDescription) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("input", _type => options.update, { description: `The ${noun}'s fields to change and the source of the change.` }) input: { source: SourceInput },
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      return changeList(ctx, recordId, expectedVersion, async (facts, em, record) => {
        Object.assign(factIn(facts, recordId, id), await citedFact(em, record, input));
      });
    }

    @Mutation(_returns => entity, { name: `retract${factName}`, description: `Retracts a ${noun}, saying why: it is listed only with \`includeRetracted: true\`, never deleted, and \`restore${factName}\` brings it back.` })
    retract(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg("id", _type => ID, factDescription) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("reason", REASON) reason: string,
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      const retraction = retractionBy(requirePartner(ctx.caller), reason);
      return changeList(ctx, recordId, expectedVersion, facts => {
        const fact = factIn(facts, recordId, id);
        if (fact.retracted) throw new ConflictError(factName, `${recordId}/${id}`, "is already retracted; restore it first to retract it again");
        fact.retracted = retraction;
      });
    }

    @Mutation(_returns => entity, { name: `restore${factName}`, description: `Restores a retracted ${noun}: it is listed again.` })
    restore(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg("id", _type => ID, factDescription) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      return changeList(ctx, recordId, expectedVersion, facts => {
        const fact = factIn(facts, recordId, id);
        if (!fact.retracted) throw new ConflictError(factName, `${recordId}/${id}`, "is not retracted");
        fact.retracted = null;
      });
    }
  }
  return FactsResolver;
}

export interface PartOptions<P extends WritableRecord, T extends RetractableRecord & { id: string }> {
  /** The part's entity and GraphQL name (`MemberCount`), which names its mutations. */
  entity: EntityClass<T> & ClassType<T>;
  name: string;
  noun: string;
  /** The record the part belongs to, through the part's column `key` (`clusterId`). */
  parent: { entity: EntityClass<P>; name: string; key: keyof T & string };
  /** The input that changes a part, derived from the one that adds it; none for a part never changed (an observation). */
  update?: ClassType<{ source: SourceInput }>;
}

/** `update<Part>` (when the part may change), `retract<Part>` and `restore<Part>` of a part kept in a table of its own. */
export function PartResolver<P extends WritableRecord, T extends RetractableRecord & { id: string; sourceIds?: string[] }>(options: PartOptions<P, T>) {
  const { entity, name, noun, parent } = options;
  const target = (id: string, expectedVersion: number) => ({ entity, name, id, parent, expectedVersion });
  const partId = { description: `The ${noun}'s id.` };
  const parentVersion = {
    description: `The ${lowerFirst(parent.name)}'s \`version\` as you read it (a change to its ${noun} is a new version of it); if it has changed since, the write fails with CONFLICT.`,
  };

  @Resolver(_of => entity)
  class RetractablePartResolver {
    @Mutation(_returns => entity, { name: `retract${name}`, description: `Retracts a ${noun}, saying why: it is listed only with \`includeRetracted: true\`, never deleted, and \`restore${name}\` brings it back.` })
    retract(
      @Arg("id", _type => ID, partId) id: string,
      @Arg("expectedVersion", _type => Int, parentVersion) expectedVersion: number,
      @Arg("reason", REASON) reason: string,
      @Ctx() ctx: ResolverContext,
    ): Promise<T> {
      return retractPart(ctx, { ...target(id, expectedVersion), reason });
    }

    @Mutation(_returns => entity, { name: `restore${name}`, description: `Restores a retracted ${noun}: it is listed again.` })
    restore(
      @Arg("id", _type => ID, partId) id: string,
      @Arg("expectedVersion", _type => Int, parentVersion) expectedVersion: number,
      @Ctx() ctx: ResolverContext,
    ): Promise<T> {
      return restorePart(ctx, target(id, expectedVersion));
    }
  }
  if (!options.update) return [RetractablePartResolver];
  const Update = options.update;

  @Resolver(_of => entity)
  class UpdatablePartResolver {
    @Mutation(_returns => entity, { name: `update${name}`, description: `Changes a ${noun} of ${aOrAn(parent.name)} the caller's partner owns or has been granted.` })
    update(
      @Arg("id", _type => ID, partId) id: string,
      @Arg("expectedVersion", _type => Int, parentVersion) expectedVersion: number,
      @Arg("input", _type => Update, { description: `The ${noun}'s fields to change and the source of the change.` }) input: { source: SourceInput },
      @Ctx() ctx: ResolverContext,
    ): Promise<T> {
      return changePart(ctx, target(id, expectedVersion), async (em, part) => {
        const { source, ...fields } = input;
        const sourceId = await citeSource(em, source);
        Object.assign(part, given(fields), part.sourceIds ? { sourceIds: citing(part.sourceIds, sourceId) } : {});
      });
    }
  }
  return [RetractablePartResolver, UpdatablePartResolver];
}

/** A link of a record to another record (an event's participant) that was retracted: which list it left, and why. */
@Directive("@shareable")
@ObjectType({ description: "A link of a record to another record, retracted from one of its lists: the list, the id it named, and why." })
export class RetractedLink {
  @Field({ description: "The field of the record the link was in, as the schema names it (`participants`, `organisers`, ...)." })
  field!: string;

  @Field(_type => ID, { description: "The id of the record the link named." })
  id!: string;

  @Field(_type => Retraction, { description: "When, why and by whom the link was retracted." })
  retracted!: Retraction;
}

/** A record whose links to other records are lists of ids (an event's `participantIds`), and whose retracted links are kept. */
export type LinkingRecord = WritableRecord & { retractedLinks: RetractedLink[] };

export interface LinkListOptions<P extends LinkingRecord> {
  record: EntityClass<P> & ClassType<P>;
  recordName: string;
  /** The list of ids on the record (`participantIds`), and the field that shows it (`participants`). */
  property: keyof P & string;
  field: string;
  /** The link's GraphQL name (`EventParticipant`), which names its mutations and their input, and the id's argument (`organisationId`). */
  linkName: string;
  idName: string;
  noun: string;
  /** Checks an id a partner names, as the list's other ids are: the owner of that record is another subgraph. */
  idRules?: PropertyDecorator[];
}

/**
 * `add<Link>`, `retract<Link>` and `restore<Link>` of a record's list of ids (an event's participants), each a change
 * of the record (see `changeRecord`) returning it: a retracted id leaves the list for `retractedLinks`, and comes back.
 */
export function LinkListResolver<P extends LinkingRecord>(options: LinkListOptions<P>) {
  const { record: entity, recordName, property, field, linkName, idName, noun } = options;
  const recordArg = `${lowerFirst(recordName)}Id`;
  const recordDescription = { description: `The ${lowerFirst(recordName)} the ${noun} belongs to.` };
  const AddInput = { [`Add${linkName}Input`]: class {} }[`Add${linkName}Input`] as ClassType<{ source: SourceInput } & Record<string, string>>;
  Field(_type => ID, { description: `The ${noun}, as the subgraph that owns it knows it.` })(AddInput.prototype, idName);
  for (const rule of [Length(1, 200), ...(options.idRules ?? [])]) rule(AddInput.prototype, idName);
  Field(_type => SourceInput, { description: `The article or document that names the ${noun}.` })(AddInput.prototype, "source");
  ValidateNested()(AddInput.prototype, "source");
  InputType(`Add${linkName}Input`, { description: `A ${noun} to add to ${aOrAn(recordName)}, and its source.` })(AddInput);

  const ids = (record: P) => record[property] as unknown as string[];
  const linkKey = (id: string) => `${recordName} ${field} ${id}`;
  const change = (ctx: ResolverContext, recordId: string, expectedVersion: number, edit: (record: P, em: EntityManager) => Promise<void> | void) =>
    changeRecord(ctx, { entity, name: recordName, id: recordId, expectedVersion }, (em, record) => edit(record, em));

  @Resolver(_of => entity)
  class LinksResolver {
    @Mutation(_returns => entity, { name: `add${linkName}`, description: `Adds a ${noun} to ${aOrAn(recordName)} the caller's partner owns or has been granted; returns the ${lowerFirst(recordName)} at its new version.` })
    add(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("input", _type => AddInput, { description: `The ${noun} and its source.` }) input: { source: SourceInput } & Record<string, string>,
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      const id = input[idName];
      return change(ctx, recordId, expectedVersion, async (record, em) => {
        if (ids(record).includes(id)) throw new ConflictError(linkName, linkKey(id), `is already a ${noun}`);
        if (record.retractedLinks.some(link => link.field === field && link.id === id))
          throw new ConflictError(linkName, linkKey(id), `was retracted: restore it with restore${linkName}`);
        const sourceId = await citeSource(em, input.source);
        Object.assign(record, { [property]: [...ids(record), id], sourceIds: citing(record.sourceIds, sourceId) });
      });
    }

    @Mutation(_returns => entity, { name: `retract${linkName}`, description: `Retracts a ${noun}, saying why: it leaves \`${field}\` for \`retractedLinks\`, and \`restore${linkName}\` brings it back.` })
    retract(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg(idName, _type => ID, { description: `The ${noun}'s id.` }) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Arg("reason", REASON) reason: string,
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      const retracted = retractionBy(requirePartner(ctx.caller), reason);
      return change(ctx, recordId, expectedVersion, record => {
        if (!ids(record).includes(id)) throw new NotFoundError(linkName, linkKey(id));
        Object.assign(record, { [property]: ids(record).filter(other => other !== id), retractedLinks: [...record.retractedLinks, { field, id, retracted }] });
      });
    }

    @Mutation(_returns => entity, { name: `restore${linkName}`, description: `Restores a retracted ${noun} to \`${field}\`.` })
    restore(
      @Arg(recordArg, _type => ID, recordDescription) recordId: string,
      @Arg(idName, _type => ID, { description: `The ${noun}'s id.` }) id: string,
      @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
      @Ctx() ctx: ResolverContext,
    ): Promise<P> {
      return change(ctx, recordId, expectedVersion, record => {
        const kept = record.retractedLinks.filter(link => !(link.field === field && link.id === id));
        if (kept.length === record.retractedLinks.length) throw new NotFoundError(linkName, linkKey(id));
        Object.assign(record, { [property]: [...ids(record), id], retractedLinks: kept });
      });
    }
  }
  return LinksResolver;
}
