import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/audit";
import { Connection, findPage, PageArgs } from "../../../lib/pagination";
import { loadSources, Source } from "../../../lib/sources";
import { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/writes";
import type { OrganisationsContext } from "../context";
import { Organisation } from "./organisation.entity";
import { CreateOrganisationInput, OrganisationFilter, UpdateOrganisationInput } from "./organisation.inputs";

export const OrganisationConnection = Connection(Organisation, "Organisation", "organisations");

@Resolver(_of => Organisation)
export class OrganisationResolver {
  @Mutation(_returns => Organisation, { description: "Creates a organisation owned by the caller's partner, citing the source given." })
  createOrganisation(@Arg("input", _type => CreateOrganisationInput, { description: "The new organisation and its source." }) input: CreateOrganisationInput, @Ctx() ctx: OrganisationsContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Organisation, name: "Organisation", id, data, source });
  }

  @Mutation(_returns => Organisation, { description: "Changes a organisation the caller's partner owns or has been granted." })
  updateOrganisation(
    @Arg("id", _type => ID, { description: "The organisation's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateOrganisationInput, { description: "The fields to change and the source of the change." }) input: UpdateOrganisationInput,
    @Ctx() ctx: OrganisationsContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Organisation, name: "Organisation", id, expectedVersion, changes: given(changes), source });
  }

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

export const OrganisationChangesResolver = ChangesResolver(Organisation, "Organisation");
