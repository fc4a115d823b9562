import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import { IsOptional, Length, Matches } from "class-validator";
import { execute, GraphQLError, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from "type-graphql";
import type { Caller } from "../lib/platform/auth";
import { AdminOnlyError, ErrorCode, NotFoundError } from "../lib/platform/errors";
import { PARTNER_ID } from "../lib/records/grants";
import { requirePartner } from "../lib/records/writes";
import { manyLoader } from "../lib/subgraph/loaders";
import { buildFederatedSchema } from "../lib/subgraph/subgraph-schema";
import type { GatewayContext } from "./identity";
import { ApiKey, createPartner, issueKey, Partner, revokeKey } from "./partners";

export { PARTNERS_SUBGRAPH, PARTNERS_SUBGRAPH_URL } from "./subgraph-config";


const MAX_DOCUMENTS = 200;

interface PartnersContext {
  caller: Caller | null;
  em: EntityManager;
  loaders: ReturnType<typeof partnerLoaders>;
}

/** The request's loaders: every partner's keys of an answer in one query. */
const partnerLoaders = (em: EntityManager) => ({
  keysByPartner: manyLoader<string, ApiKey>(ids => em.find(ApiKey, { partnerId: { $in: ids } }, { orderBy: { createdAt: "desc", id: "asc" } }), key => key.partnerId),
});

@ObjectType("IssuedKey", { description: "A key just made: `key` is shown this once and never again (only its hash is kept)." })
class IssuedKey {
  @Field({ description: "The key: send it as `Authorization: Bearer <key>`, or sign in to /portal with it. Keep it now." })
  key!: string;

  @Field(_type => ApiKey, { description: "The key's record, to list or revoke it by." })
  apiKey!: ApiKey;

  @Field(_type => Partner, { description: "The partner the key belongs to." })
  partner!: Partner;
}

@InputType({ description: "A new partner: administrators only. It gets a first key, shown once." })
class CreatePartnerInput {
  @Field({ description: "The partner's name, as it calls itself." })
  @Length(1, 200)
  name!: string;

  @Field(_type => ID, { nullable: true, description: "Its id: lower-case words joined by hyphens; made from the name when empty." })
  @IsOptional()
  @Length(1, 60)
  @Matches(PARTNER_ID, { message: "id must be lower-case letters and digits joined by hyphens" })
  id?: string | null;

  @Field(_type => Boolean, { nullable: true, description: "Whether the partner is an administrator (false when empty)." })
  admin?: boolean | null;
}

@Resolver(_of => Partner)
class PartnerResolver {
  @Query(_returns => Partner, { nullable: true, description: "The partner whose key (or portal session) sent the request; null for an anonymous one." })
  me(@Ctx() ctx: PartnersContext): Promise<Partner | null> {
    return ctx.caller ? ctx.em.findOne(Partner, { id: ctx.caller.partnerId }) : Promise.resolve(null);
  }

  @Query(_returns => [Partner], { description: "Administrators only: every partner, by id." })
  partners(@Ctx() ctx: PartnersContext): Promise<Partner[]> {
    if (!requirePartner(ctx.caller).admin) throw new AdminOnlyError("list the partners");
    return ctx.em.find(Partner, {}, { orderBy: { id: "asc" } });
  }

  @FieldResolver(_returns => [ApiKey], { description: "The partner's keys, newest first, revoked ones too; only the partner itself and administrators see them." })
  keys(@Root() partner: Partner, @Ctx() ctx: PartnersContext): Promise<ApiKey[]> {
    const caller = requirePartner(ctx.caller);
    if (!caller.admin && caller.partnerId !== partner.id) throw new AdminOnlyError("see another partner's keys");
    return ctx.loaders.keysByPartner.load(partner.id);
  }

  @Mutation(_returns => IssuedKey, { description: "Makes another key for the caller's partner (an administrator may name another partner); the key is shown once." })
  async issueKey(
    @Arg("partnerId", _type => ID, { nullable: true, description: "Administrators only: the partner to make it for; the caller's own by default." }) partnerId: string | null,
    @Ctx() ctx: PartnersContext,
  ): Promise<IssuedKey> {
    const caller = requirePartner(ctx.caller);
    const owner = partnerId ?? caller.partnerId;
    if (owner !== caller.partnerId && !caller.admin) throw new AdminOnlyError("make keys for another partner");
    const partner = await ctx.em.findOne(Partner, { id: owner });
    if (!partner) throw new NotFoundError("Partner", owner);
    const { key, apiKey } = await ctx.em.transactional(em => issueKey(em, owner, caller));
    return { key, apiKey, partner };
  }

  @Mutation(_returns => ApiKey, { description: "Revokes one of the caller's keys (an administrator's: any key); it and the portal sessions made with it stop working at once." })
  async revokeKey(@Arg("id", _type => ID, { description: "The key's id (`ApiKey.id`), not the key." }) id: string, @Ctx() ctx: PartnersContext): Promise<ApiKey> {
    const caller = requirePartner(ctx.caller);
    const key = await ctx.em.transactional(em => revokeKey(em, id, caller));
    if (!key) throw new NotFoundError("ApiKey", id);
    return key;
  }

  @Mutation(_returns => IssuedKey, { description: "Administrators only: registers a partner and makes its first key, shown once." })
  async createPartner(@Arg("input", _type => CreatePartnerInput, { description: "The partner's name, id and role." }) input: CreatePartnerInput, @Ctx() ctx: PartnersContext): Promise<IssuedKey> {
    const caller = requirePartner(ctx.caller);
    if (!caller.admin) throw new AdminOnlyError("create partners");
    const { partner, key, apiKey } = await ctx.em.transactional(em => createPartner(em, input, caller));
    return { key, apiKey, partner };
  }
}

/** The partners subgraph's schema: what `npm run schema` composes and the gateway executes. */
export const buildPartnersSchema = () => buildFederatedSchema({ resolvers: [PartnerResolver], references: {} });

/**
 * The partners subgraph as the gateway fetches it: its schema executed in this process with the caller the front door
 * identified and a fresh EntityManager of the partner store, with no socket or signature between them.
 */
export class PartnersSource implements GraphQLDataSource<GatewayContext> {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: Promise<GraphQLSchema>,
    private readonly store: MikroORM | null,
  ) {}

  private context(caller: Caller | null): PartnersContext {
    const em = this.store!.em.fork();
    return { caller, em, loaders: partnerLoaders(em) };
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const caller = (options.context as Partial<GatewayContext>).caller ?? null;
    if (!this.store) return { errors: [new GraphQLError("The gateway has no partner store (DATABASE_URL)", { extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } }).toJSON()] };
    const query = request.query ?? "";
    let document = this.documents.get(query);
    if (!document) {
      // The gateway sends a handful of distinct operations here; a client varying its selections cannot grow the map for ever.
      if (this.documents.size >= MAX_DOCUMENTS) this.documents.clear();
      this.documents.set(query, (document = parse(query)));
    }
    const result = await execute({
      schema: await this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: this.context(caller),
    });
    return { data: result.data, errors: result.errors?.map(error => error.toJSON()) } as GatewayGraphQLResponse;
  }
}
