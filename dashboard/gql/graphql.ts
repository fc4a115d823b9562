/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A country, as its ISO 3166-1 alpha-2 code (UA, PL, BY, ...). */
export type CountryCode =
  /** Andorra */
  | 'AD'
  /** United Arab Emirates */
  | 'AE'
  /** Afghanistan */
  | 'AF'
  /** Antigua and Barbuda */
  | 'AG'
  /** Anguilla */
  | 'AI'
  /** Albania */
  | 'AL'
  /** Armenia */
  | 'AM'
  /** Angola */
  | 'AO'
  /** Antarctica */
  | 'AQ'
  /** Argentina */
  | 'AR'
  /** American Samoa */
  | 'AS'
  /** Austria */
  | 'AT'
  /** Australia */
  | 'AU'
  /** Aruba */
  | 'AW'
  /** Åland Islands */
  | 'AX'
  /** Azerbaijan */
  | 'AZ'
  /** Bosnia and Herzegovina */
  | 'BA'
  /** Barbados */
  | 'BB'
  /** Bangladesh */
  | 'BD'
  /** Belgium */
  | 'BE'
  /** Burkina Faso */
  | 'BF'
  /** Bulgaria */
  | 'BG'
  /** Bahrain */
  | 'BH'
  /** Burundi */
  | 'BI'
  /** Benin */
  | 'BJ'
  /** Saint Barthélemy */
  | 'BL'
  /** Bermuda */
  | 'BM'
  /** Brunei Darussalam */
  | 'BN'
  /** Bolivia */
  | 'BO'
  /** Bonaire, Sint Eustatius and Saba */
  | 'BQ'
  /** Brazil */
  | 'BR'
  /** Bahamas */
  | 'BS'
  /** Bhutan */
  | 'BT'
  /** Bouvet Island */
  | 'BV'
  /** Botswana */
  | 'BW'
  /** Belarus */
  | 'BY'
  /** Belize */
  | 'BZ'
  /** Canada */
  | 'CA'
  /** Cocos (Keeling) Islands */
  | 'CC'
  /** Democratic Republic of the Congo */
  | 'CD'
  /** Central African Republic */
  | 'CF'
  /** Republic of the Congo */
  | 'CG'
  /** Switzerland */
  | 'CH'
  /** Cote d'Ivoire */
  | 'CI'
  /** Cook Islands */
  | 'CK'
  /** Chile */
  | 'CL'
  /** Cameroon */
  | 'CM'
  /** People's Republic of China */
  | 'CN'
  /** Colombia */
  | 'CO'
  /** Costa Rica */
  | 'CR'
  /** Cuba */
  | 'CU'
  /** Cape Verde */
  | 'CV'
  /** Curaçao */
  | 'CW'
  /** Christmas Island */
  | 'CX'
  /** Cyprus */
  | 'CY'
  /** Czech Republic */
  | 'CZ'
  /** Germany */
  | 'DE'
  /** Djibouti */
  | 'DJ'
  /** Denmark */
  | 'DK'
  /** Dominica */
  | 'DM'
  /** Dominican Republic */
  | 'DO'
  /** Algeria */
  | 'DZ'
  /** Ecuador */
  | 'EC'
  /** Estonia */
  | 'EE'
  /** Egypt */
  | 'EG'
  /** Western Sahara */
  | 'EH'
  /** Eritrea */
  | 'ER'
  /** Spain */
  | 'ES'
  /** Ethiopia */
  | 'ET'
  /** Finland */
  | 'FI'
  /** Fiji */
  | 'FJ'
  /** Falkland Islands (Malvinas) */
  | 'FK'
  /** Micronesia, Federated States of */
  | 'FM'
  /** Faroe Islands */
  | 'FO'
  /** France */
  | 'FR'
  /** Gabon */
  | 'GA'
  /** United Kingdom */
  | 'GB'
  /** Grenada */
  | 'GD'
  /** Georgia */
  | 'GE'
  /** French Guiana */
  | 'GF'
  /** Guernsey */
  | 'GG'
  /** Ghana */
  | 'GH'
  /** Gibraltar */
  | 'GI'
  /** Greenland */
  | 'GL'
  /** Republic of The Gambia */
  | 'GM'
  /** Guinea */
  | 'GN'
  /** Guadeloupe */
  | 'GP'
  /** Equatorial Guinea */
  | 'GQ'
  /** Greece */
  | 'GR'
  /** South Georgia and the South Sandwich Islands */
  | 'GS'
  /** Guatemala */
  | 'GT'
  /** Guam */
  | 'GU'
  /** Guinea-Bissau */
  | 'GW'
  /** Guyana */
  | 'GY'
  /** Hong Kong */
  | 'HK'
  /** Heard Island and McDonald Islands */
  | 'HM'
  /** Honduras */
  | 'HN'
  /** Croatia */
  | 'HR'
  /** Haiti */
  | 'HT'
  /** Hungary */
  | 'HU'
  /** Indonesia */
  | 'ID'
  /** Ireland */
  | 'IE'
  /** Israel */
  | 'IL'
  /** Isle of Man */
  | 'IM'
  /** India */
  | 'IN'
  /** British Indian Ocean Territory */
  | 'IO'
  /** Iraq */
  | 'IQ'
  /** Islamic Republic of Iran */
  | 'IR'
  /** Iceland */
  | 'IS'
  /** Italy */
  | 'IT'
  /** Jersey */
  | 'JE'
  /** Jamaica */
  | 'JM'
  /** Jordan */
  | 'JO'
  /** Japan */
  | 'JP'
  /** Kenya */
  | 'KE'
  /** Kyrgyzstan */
  | 'KG'
  /** Cambodia */
  | 'KH'
  /** Kiribati */
  | 'KI'
  /** Comoros */
  | 'KM'
  /** Saint Kitts and Nevis */
  | 'KN'
  /** North Korea */
  | 'KP'
  /** South Korea */
  | 'KR'
  /** Kuwait */
  | 'KW'
  /** Cayman Islands */
  | 'KY'
  /** Kazakhstan */
  | 'KZ'
  /** Lao People's Democratic Republic */
  | 'LA'
  /** Lebanon */
  | 'LB'
  /** Saint Lucia */
  | 'LC'
  /** Liechtenstein */
  | 'LI'
  /** Sri Lanka */
  | 'LK'
  /** Liberia */
  | 'LR'
  /** Lesotho */
  | 'LS'
  /** Lithuania */
  | 'LT'
  /** Luxembourg */
  | 'LU'
  /** Latvia */
  | 'LV'
  /** Libya */
  | 'LY'
  /** Morocco */
  | 'MA'
  /** Monaco */
  | 'MC'
  /** Moldova, Republic of */
  | 'MD'
  /** Montenegro */
  | 'ME'
  /** Saint Martin (French part) */
  | 'MF'
  /** Madagascar */
  | 'MG'
  /** Marshall Islands */
  | 'MH'
  /** The Republic of North Macedonia */
  | 'MK'
  /** Mali */
  | 'ML'
  /** Myanmar */
  | 'MM'
  /** Mongolia */
  | 'MN'
  /** Macao */
  | 'MO'
  /** Northern Mariana Islands */
  | 'MP'
  /** Martinique */
  | 'MQ'
  /** Mauritania */
  | 'MR'
  /** Montserrat */
  | 'MS'
  /** Malta */
  | 'MT'
  /** Mauritius */
  | 'MU'
  /** Maldives */
  | 'MV'
  /** Malawi */
  | 'MW'
  /** Mexico */
  | 'MX'
  /** Malaysia */
  | 'MY'
  /** Mozambique */
  | 'MZ'
  /** Namibia */
  | 'NA'
  /** New Caledonia */
  | 'NC'
  /** Niger */
  | 'NE'
  /** Norfolk Island */
  | 'NF'
  /** Nigeria */
  | 'NG'
  /** Nicaragua */
  | 'NI'
  /** Netherlands */
  | 'NL'
  /** Norway */
  | 'NO'
  /** Nepal */
  | 'NP'
  /** Nauru */
  | 'NR'
  /** Niue */
  | 'NU'
  /** New Zealand */
  | 'NZ'
  /** Oman */
  | 'OM'
  /** Panama */
  | 'PA'
  /** Peru */
  | 'PE'
  /** French Polynesia */
  | 'PF'
  /** Papua New Guinea */
  | 'PG'
  /** Philippines */
  | 'PH'
  /** Pakistan */
  | 'PK'
  /** Poland */
  | 'PL'
  /** Saint Pierre and Miquelon */
  | 'PM'
  /** Pitcairn */
  | 'PN'
  /** Puerto Rico */
  | 'PR'
  /** State of Palestine */
  | 'PS'
  /** Portugal */
  | 'PT'
  /** Palau */
  | 'PW'
  /** Paraguay */
  | 'PY'
  /** Qatar */
  | 'QA'
  /** Reunion */
  | 'RE'
  /** Romania */
  | 'RO'
  /** Serbia */
  | 'RS'
  /** Russian Federation */
  | 'RU'
  /** Rwanda */
  | 'RW'
  /** Saudi Arabia */
  | 'SA'
  /** Solomon Islands */
  | 'SB'
  /** Seychelles */
  | 'SC'
  /** Sudan */
  | 'SD'
  /** Sweden */
  | 'SE'
  /** Singapore */
  | 'SG'
  /** Saint Helena */
  | 'SH'
  /** Slovenia */
  | 'SI'
  /** Svalbard and Jan Mayen */
  | 'SJ'
  /** Slovakia */
  | 'SK'
  /** Sierra Leone */
  | 'SL'
  /** San Marino */
  | 'SM'
  /** Senegal */
  | 'SN'
  /** Somalia */
  | 'SO'
  /** Suriname */
  | 'SR'
  /** South Sudan */
  | 'SS'
  /** Sao Tome and Principe */
  | 'ST'
  /** El Salvador */
  | 'SV'
  /** Sint Maarten (Dutch part) */
  | 'SX'
  /** Syrian Arab Republic */
  | 'SY'
  /** Eswatini */
  | 'SZ'
  /** Turks and Caicos Islands */
  | 'TC'
  /** Chad */
  | 'TD'
  /** French Southern Territories */
  | 'TF'
  /** Togo */
  | 'TG'
  /** Thailand */
  | 'TH'
  /** Tajikistan */
  | 'TJ'
  /** Tokelau */
  | 'TK'
  /** Timor-Leste */
  | 'TL'
  /** Turkmenistan */
  | 'TM'
  /** Tunisia */
  | 'TN'
  /** Tonga */
  | 'TO'
  /** Türkiye */
  | 'TR'
  /** Trinidad and Tobago */
  | 'TT'
  /** Tuvalu */
  | 'TV'
  /** Taiwan, Province of China */
  | 'TW'
  /** United Republic of Tanzania */
  | 'TZ'
  /** Ukraine */
  | 'UA'
  /** Uganda */
  | 'UG'
  /** United States Minor Outlying Islands */
  | 'UM'
  /** United States of America */
  | 'US'
  /** Uruguay */
  | 'UY'
  /** Uzbekistan */
  | 'UZ'
  /** Holy See (Vatican City State) */
  | 'VA'
  /** Saint Vincent and the Grenadines */
  | 'VC'
  /** Venezuela */
  | 'VE'
  /** Virgin Islands, British */
  | 'VG'
  /** Virgin Islands, U.S. */
  | 'VI'
  /** Vietnam */
  | 'VN'
  /** Vanuatu */
  | 'VU'
  /** Wallis and Futuna */
  | 'WF'
  /** Samoa */
  | 'WS'
  /** Kosovo */
  | 'XK'
  /** Yemen */
  | 'YE'
  /** Mayotte */
  | 'YT'
  /** South Africa */
  | 'ZA'
  /** Zambia */
  | 'ZM'
  /** Zimbabwe */
  | 'ZW';

/** How precisely a location's point places a record: the point stands for the whole address, city, region or country. */
export type LocationPrecision =
  /** The record's street address. */
  | 'ADDRESS'
  /** The city the record's sources name: the gazetteer's point for that city. */
  | 'CITY'
  /** Only the country is known, or the city is not in the gazetteer: a point computed inside the country, not a place of its own. */
  | 'COUNTRY'
  /** The region (oblast, voivodeship) the record's sources name. Not produced yet: no packaged gazetteer gives region points with a source for each, so a record that names only its region is placed at COUNTRY. */
  | 'REGION';

/** How the source states a count. */
export type MemberCountQualifier =
  /** The source says about the count ("about 70"). */
  | 'ABOUT'
  /** The source gives the count as it is ("52 organisations"). */
  | 'EXACTLY'
  /** The source says more than the count ("over 70 partners"). */
  | 'OVER';

/** The part an organisation plays in a cluster. */
export type MembershipRole =
  /** The body that coordinates or administers the cluster. */
  | 'COORDINATOR'
  /** A founding member. */
  | 'FOUNDER'
  /** A body on whose initiative the cluster was created. */
  | 'INITIATOR'
  /** A member. */
  | 'MEMBER';

/** What kind of cooperation a partnership is. */
export type PartnershipKind =
  /** A signed agreement to cooperate. */
  | 'COOPERATION_AGREEMENT'
  /** A company or body the parties set up together. */
  | 'JOINT_COMPANY'
  /** A project the parties carry out together. */
  | 'JOINT_PROJECT'
  /** A project one party runs for or in another country; the source names no joint party. */
  | 'PROJECT'
  /** A visit of one side's delegation to learn from the other. */
  | 'STUDY_VISIT'
  /** Outside bodies that a source names as supporters or partners of a cluster or its founders, with no agreement, project or funding it states. */
  | 'SUPPORT'
  /** Seminars, trainings, workshops or talks given by one side to the other. */
  | 'TRAINING_SERIES';

export type ClusterMapQueryVariables = Exact<{ [key: string]: never; }>;


export type ClusterMapQuery = { clusters: { totalCount: number, nodes: Array<{ id: string, name: string, nameEn: string | null, country: CountryCode, city: string | null, location: { latitude: number, longitude: number, precision: LocationPrecision, placeName: string | null } | null }> } };

export type MemberCountsQueryVariables = Exact<{ [key: string]: never; }>;


export type MemberCountsQuery = { memberCountSeries: Array<{ cluster: { id: string, name: string, nameEn: string | null, country: CountryCode }, points: Array<{ year: number, count: number, qualifier: MemberCountQualifier, asOf: unknown }> }> };

export type PartnershipMatrixQueryVariables = Exact<{ [key: string]: never; }>;


export type PartnershipMatrixQuery = { partnershipMatrix: Array<{ countryA: CountryCode, countryB: CountryCode, kind: PartnershipKind, partnerships: number }> };

export type FundingByProgrammeQueryVariables = Exact<{ [key: string]: never; }>;


export type FundingByProgrammeQuery = { fundingStats: Array<{ beneficiaries: number, opportunities: number, programme: { id: string, name: string, nameEn: string | null, budget: { amount: number, currency: string } | null } | null }> };

export type ClusterProfileQueryVariables = Exact<{
  id: string | number;
}>;


export type ClusterProfileQuery = { cluster: { id: string, name: string, nameEn: string | null, aliases: Array<string>, country: CountryCode, region: string | null, city: string | null, sectors: Array<string>, website: string | null, description: string | null, foundedYear: number | null, location: { latitude: number, longitude: number, precision: LocationPrecision, placeName: string | null, coordinateSource: string } | null, latestMemberCount: { count: number, qualifier: MemberCountQualifier, asOf: unknown, asWritten: string, source: { title: string } } | null, memberships: Array<{ roles: Array<MembershipRole>, organisation: { id: string, name: string } | null }>, sources: Array<{ id: string, title: string, url: string | null, publisher: string | null, publishedOn: string | null, language: string }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ClusterMapDocument = new TypedDocumentString(`
    query ClusterMap {
  clusters(first: 100) {
    totalCount
    nodes {
      id
      name
      nameEn
      country
      city
      location {
        latitude
        longitude
        precision
        placeName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClusterMapQuery, ClusterMapQueryVariables>;
export const MemberCountsDocument = new TypedDocumentString(`
    query MemberCounts {
  memberCountSeries {
    cluster {
      id
      name
      nameEn
      country
    }
    points {
      year
      count
      qualifier
      asOf
    }
  }
}
    `) as unknown as TypedDocumentString<MemberCountsQuery, MemberCountsQueryVariables>;
export const PartnershipMatrixDocument = new TypedDocumentString(`
    query PartnershipMatrix {
  partnershipMatrix {
    countryA
    countryB
    kind
    partnerships
  }
}
    `) as unknown as TypedDocumentString<PartnershipMatrixQuery, PartnershipMatrixQueryVariables>;
export const FundingByProgrammeDocument = new TypedDocumentString(`
    query FundingByProgramme {
  fundingStats(by: PROGRAMME) {
    programme {
      id
      name
      nameEn
      budget {
        amount
        currency
      }
    }
    beneficiaries
    opportunities
  }
}
    `) as unknown as TypedDocumentString<FundingByProgrammeQuery, FundingByProgrammeQueryVariables>;
export const ClusterProfileDocument = new TypedDocumentString(`
    query ClusterProfile($id: ID!) {
  cluster(id: $id) {
    id
    name
    nameEn
    aliases
    country
    region
    city
    sectors
    website
    description
    foundedYear
    location {
      latitude
      longitude
      precision
      placeName
      coordinateSource
    }
    latestMemberCount {
      count
      qualifier
      asOf
      asWritten
      source {
        title
      }
    }
    memberships(first: 100) {
      roles
      organisation {
        id
        name
      }
    }
    sources {
      id
      title
      url
      publisher
      publishedOn
      language
    }
  }
}
    `) as unknown as TypedDocumentString<ClusterProfileQuery, ClusterProfileQueryVariables>;