import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Connection, findPage, PageArgs } from "../../../lib/pagination";
import { loadSources, Source } from "../../../lib/sources";
import type { OrganisationsContext } from "../context";
import { Organisation } from "./organisation.entity";
import { OrganisationFilter } from "./organisation.inputs";

export const OrganisationConnection = Connection(Organisation, "Organisation", "organisations");

@Resolver(_of => Organisation)
export class OrganisationResolver {
  @Query(_returns => OrganisationConnection, { description: "Organisations, a page at a time, ordered by id." })
  organisations(
    @Arg("filter", _type => OrganisationFilter, { nullable: true, description: "Which organisations to list." }) filter: OrganisationFilter | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Ctx() ctx: OrganisationsContext,
  ) {
    return findPage(ctx.em, Organisation, { ...(filter?.country && { country: filter.country }), ...(filter?.kind && { kind: filter.kind }) }, page);
  }

  @Query(_returns => Organisation, { nullable: true, description: "One organisation by id; null when there is none." })
  organisation(@Arg("id", _type => ID, { description: "The organisation's id." }) id: string, @Ctx() ctx: OrganisationsContext) {
    return ctx.loaders.organisationById.load(id);
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this organisation's record rests on." })
  sources(@Root() organisation: Organisation, @Ctx() ctx: OrganisationsContext) {
    return loadSources(ctx.loaders, organisation.sourceIds);
  }
}
