import type { EntityClass, EntityManager } from "@mikro-orm/postgresql";
import { type ClassType, Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Caller } from "../platform/auth";
import { AdminOnlyError, BadUserInputError, NotFoundError } from "../platform/errors";
import { audit, ChangeAction } from "./audit";
import type { RequestContext } from "./context";
import { RecordGrant, requirePartner } from "./writes";

/** The ids the partner store gives partners (gateway/partners.ts): lower-case words joined by hyphens. */
export const PARTNER_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Lets `partnerId` change a record of `name` it does not own, with an audit entry on the record, in one transaction;
 * a grant made before is answered as it is. Used by the `grant<Type>` mutations and `npm run partner:grant`.
 */
export async function grantRecord(
  em: EntityManager,
  by: Caller,
  options: { entity: EntityClass<{ id: string }> | string; name: string; recordId: string; partnerId: string },
): Promise<RecordGrant> {
  if (!PARTNER_ID.test(options.partnerId) || options.partnerId.length > 100)
    throw new BadUserInputError("partnerId", "must be a partner's id: lower-case letters and digits joined by hyphens");
  return em.transactional(async tx => {
    if (!(await tx.findOne(options.entity, { id: options.recordId }))) throw new NotFoundError(options.name, options.recordId);
    const key = { partnerId: options.partnerId, entity: options.name, recordId: options.recordId };
    const existing = await tx.findOne(RecordGrant, key);
    if (existing) return existing;
    const grant = tx.create(RecordGrant, { ...key, grantedAt: new Date() });
    await tx.flush();
    audit(tx, by, options.name, options.recordId, null, { grantedTo: options.partnerId }, ChangeAction.GRANT);
    return grant;
  });
}

/** The admin-only mutation `grant<Type>` of an entity type, in the subgraph that owns its records (one per type, since a root field has one owner). */
export function GrantResolver<T extends { id: string }>(type: ClassType<T>, name: string) {
  @Resolver(_of => type)
  class RecordGrantResolver {
    @Mutation(_returns => RecordGrant, {
      name: `grant${name}`,
      description: `Administrators only: lets a partner change a ${name} it does not own, as its owner may; recorded in the record's \`changes\`.`,
    })
    async grant(
      @Arg("id", _type => ID, { description: `The ${name}'s id.` }) id: string,
      @Arg("partnerId", _type => ID, { description: "The partner to let change it (its id in the partner store)." }) partnerId: string,
      @Ctx() ctx: RequestContext<unknown>,
    ): Promise<RecordGrant> {
      const caller = requirePartner(ctx.caller);
      if (!caller.admin) throw new AdminOnlyError(`grant a partner the right to change a ${name}`);
      return grantRecord(ctx.em, caller, { entity: type as EntityClass<T>, name, recordId: id, partnerId });
    }
  }
  return RecordGrantResolver;
}
