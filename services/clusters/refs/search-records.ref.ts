import { EntityStub } from "../../../lib/subgraph/subgraph-schema";

// Other subgraphs' records that `SearchResults.ranked` points at: the gateway fetches their fields from their owners.
export const PartnershipRef = EntityStub("Partnership");
export const FundingProgrammeRef = EntityStub("FundingProgramme");
export const EventRef = EntityStub("Event");
