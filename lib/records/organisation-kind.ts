import { registerEnumType } from "type-graphql";

/** What kind of body an organisation is: owned by the organisations subgraph, judged by funding's matches (one enum, so composition sees one). */
export enum OrganisationKind {
  COMPANY = "COMPANY",
  UNIVERSITY = "UNIVERSITY",
  RESEARCH_INSTITUTE = "RESEARCH_INSTITUTE",
  HOSPITAL_OR_CLINIC = "HOSPITAL_OR_CLINIC",
  PUBLIC_AUTHORITY = "PUBLIC_AUTHORITY",
  NGO = "NGO",
  ASSOCIATION = "ASSOCIATION",
  BUSINESS_SUPPORT_BODY = "BUSINESS_SUPPORT_BODY",
  SCIENCE_AND_TECHNOLOGY_PARK = "SCIENCE_AND_TECHNOLOGY_PARK",
  DEVELOPMENT_AGENCY = "DEVELOPMENT_AGENCY",
  INTERNATIONAL_ORGANISATION = "INTERNATIONAL_ORGANISATION",
  FREE_ECONOMIC_ZONE = "FREE_ECONOMIC_ZONE",
}

registerEnumType(OrganisationKind, {
  name: "OrganisationKind",
  description: "What kind of body an organisation is.",
  valuesConfig: {
    COMPANY: { description: "A business: a company, firm or enterprise." },
    UNIVERSITY: { description: "A university or other higher-education institution." },
    RESEARCH_INSTITUTE: { description: "A research institute or unit outside the universities." },
    HOSPITAL_OR_CLINIC: { description: "A hospital, clinic or other provider of medical care." },
    PUBLIC_AUTHORITY: { description: "A ministry, city hall, regional government or other public authority." },
    NGO: { description: "A non-governmental organisation or foundation." },
    ASSOCIATION: { description: "An association or club of businesses or people." },
    BUSINESS_SUPPORT_BODY: { description: "A body that supports businesses: an agency, chamber or innovation centre." },
    SCIENCE_AND_TECHNOLOGY_PARK: { description: "A science and technology park." },
    DEVELOPMENT_AGENCY: { description: "A national development-cooperation agency, such as GIZ or USAID." },
    INTERNATIONAL_ORGANISATION: { description: "An international organisation or union of states, such as UNDP or the European Union." },
    FREE_ECONOMIC_ZONE: { description: "A free (special) economic zone and its administration." },
  },
});
