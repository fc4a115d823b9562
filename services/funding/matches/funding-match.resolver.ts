import { Args, Ctx, Directive, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { loadSources, Source } from "../../../lib/records/sources";
import type { FundingContext } from "../context";
import { ClusterRef } from "../refs/cluster.ref";
import { OrganisationRef } from "../refs/organisation.ref";
import { EVERY_CANDIDATE } from "./funding-match.loaders";
import { FundingMatchesArgs, FundingMatchesForArgs } from "./funding-match.inputs";
import { type Applicant, fundingMatchesOf, today } from "./funding-match.rules";
import { FundingMatches, FundingRuleJudgement } from "./funding-match.types";

// Every field of Source: the owner's copy comes along, since this subgraph keeps only the sources its own records cite.
const SOURCE_FIELDS = "sources { id title language fileName url publisher publishedOn }";

// What the gateway sends is the owner's answer; a representation without it (a subgraph asked directly) judges as unknown.
const sourcesOf = (record: { sources?: Source[] | null }) => (Array.isArray(record.sources) ? record.sources : []);

async function matchesFor(ctx: FundingContext, applicant: Applicant, asOf: string | null | undefined): Promise<FundingMatches> {
  return fundingMatchesOf(applicant, await ctx.loaders.fundingCandidates.load(EVERY_CANDIDATE), asOf ?? today());
}

@Resolver(_of => ClusterRef)
export class ClusterFundingMatchesResolver {
  @Directive(`@requires(fields: "country sectors ${SOURCE_FIELDS}")`)
  @FieldResolver(_returns => FundingMatches, {
    nullable: true,
    description: "The funding programmes and opportunities open to this cluster, ranked, each with the reason for every rule it was judged on, and the near misses apart (docs/funding-matches.md). Null when the funding subgraph did not answer; the error names it.",
  })
  fundingMatches(@Root() cluster: ClusterRef, @Args() { asOf }: FundingMatchesArgs, @Ctx() ctx: FundingContext) {
    const sectors = Array.isArray(cluster.sectors) ? cluster.sectors.filter(sector => typeof sector === "string") : [];
    return matchesFor(ctx, { noun: "cluster", country: cluster.country ?? null, kind: null, sectors, sources: sourcesOf(cluster) }, asOf);
  }
}

@Resolver(_of => OrganisationRef)
export class OrganisationFundingMatchesResolver {
  @Directive(`@requires(fields: "country kind ${SOURCE_FIELDS}")`)
  @FieldResolver(_returns => FundingMatches, {
    nullable: true,
    description: "The funding programmes and opportunities open to this organisation, ranked, each with the reason for every rule it was judged on, and the near misses apart (docs/funding-matches.md). Null when the funding subgraph did not answer; the error names it.",
  })
  fundingMatches(@Root() organisation: OrganisationRef, @Args() { asOf }: FundingMatchesArgs, @Ctx() ctx: FundingContext) {
    const applicant = { noun: "organisation", country: organisation.country ?? null, kind: organisation.kind ?? null, sectors: null, sources: sourcesOf(organisation) };
    return matchesFor(ctx, applicant, asOf);
  }
}

@Resolver(_of => FundingRuleJudgement)
export class FundingMatchesResolver {
  @Query(_returns => FundingMatches, {
    description: "The funding programmes and opportunities open to an organisation that is not in the graph yet, judged as `Organisation.fundingMatches` judges one that is.",
  })
  fundingMatchesFor(@Args() { country, kind, sectors, asOf }: FundingMatchesForArgs, @Ctx() ctx: FundingContext) {
    return matchesFor(ctx, { noun: "applicant", country, kind, sectors, sources: [] }, asOf);
  }

  @FieldResolver(_returns => [Source], { description: "The sources of the funding records behind `fundingValues`; when they say nothing, those of the records consulted." })
  fundingSources(@Root() judgement: FundingRuleJudgement, @Ctx() ctx: FundingContext) {
    return loadSources(ctx.loaders, judgement.fundingSourceIds);
  }
}
