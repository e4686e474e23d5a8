import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../common/pagination';
import { RecordKind } from '../custom-field/custom-field.model';

/**
 * Search and duplicate answers are "light hits" (id, kind, title, subtitle): enough to show
 * a result and link to the record, without depending on the full record types, so a results
 * page costs a fixed number of statements.
 */
export enum SearchKind {
  COMPANY = 'COMPANY',
  CONTACT = 'CONTACT',
  EVENT = 'EVENT',
}
registerEnumType(SearchKind, { name: 'SearchKind', description: 'What a search hit or a duplicate is.' });

export enum DuplicateReason {
  SIRET = 'SIRET',
  SIREN = 'SIREN',
  VAT = 'VAT',
  SAME_NAME_POSTAL_CODE = 'SAME_NAME_POSTAL_CODE',
  NAME_POSTAL_CODE = 'NAME_POSTAL_CODE',
  NAME = 'NAME',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  NAME_COMPANY = 'NAME_COMPANY',
}
registerEnumType(DuplicateReason, {
  name: 'DuplicateReason',
  description:
    'Why an existing record may be the one being created: same SIRET, same SIREN, same VAT number, ' +
    'very similar name in the same postal code, or (typed without a postal code) nearly the same name (companies); same e-mail, same phone, same name in the same company (contacts). ' +
    'SAME_NAME_POSTAL_CODE (the same normalised name and the same postal code) only comes with duplicatePairs.',
});

@ObjectType('SearchHit')
export class SearchHitType {
  @Field(() => ID) id: string;
  @Field(() => SearchKind) kind: SearchKind;
  @Field({ description: 'Company name, contact full name or event name.' }) title: string;
  @Field(() => String, {
    nullable: true,
    description: 'Postal code and city (company), company (contact, event).',
  })
  subtitle: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'SIRET (company), e-mail or phone (contact), date and venue (event).',
  })
  detail: string | null;
  @Field({ description: 'Inactive records only appear when asked for.' }) active: boolean;
  @Field(() => Float, { description: 'Relevance, higher first; only comparable within one search.' }) score: number;
  @Field(() => ID, { nullable: true, description: 'The company of a contact or of an event.' })
  companyId: string | null;
}

@ObjectType('SearchGroup')
export class SearchGroupType {
  @Field(() => SearchKind) kind: SearchKind;
  @Field(() => Int, { description: 'Matches of this kind, counted up to countCap.' }) totalCount: number;
  @Field({ description: 'True when there are more matches than totalCount says.' }) countCapped: boolean;
  @Field({ description: 'True when these hits come from typo-tolerant matching.' }) fuzzy: boolean;
  @Field(() => [SearchHitType]) hits: SearchHitType[];
}

@ObjectType('SearchResult')
export class SearchResultType {
  @Field({ description: 'The query as it was understood.' }) query: string;
  @Field(() => [SearchGroupType], { description: 'One group per kind asked for, in the order asked.' })
  groups: SearchGroupType[];
}

@InputType('DuplicateCheckInput', {
  description:
    'A company or a contact about to be created (or edited: excludeId). Only the filled fields are compared.',
})
export class DuplicateCheckInput {
  @Field(() => SearchKind, { description: 'COMPANY or CONTACT.' }) kind: SearchKind;
  @Field(() => ID, { nullable: true, description: 'The record being edited, never its own duplicate.' })
  excludeId?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) postalCode?: string | null;
  @Field(() => String, { nullable: true }) siret?: string | null;
  @Field(() => String, { nullable: true }) siren?: string | null;
  @Field(() => String, { nullable: true }) vatNumber?: string | null;
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true }) firstName?: string | null;
  @Field(() => String, { nullable: true }) lastName?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => [String], { nullable: true, description: 'Phones in any format.' }) phones?: string[] | null;
  @Field(() => ID, { nullable: true, description: "The contact's company." }) companyId?: string | null;
}

@ObjectType('DuplicateCandidate')
export class DuplicateCandidateType {
  @Field(() => ID) id: string;
  @Field(() => SearchKind) kind: SearchKind;
  @Field() title: string;
  @Field(() => String, { nullable: true }) subtitle: string | null;
  @Field(() => String, { nullable: true }) detail: string | null;
  @Field() active: boolean;
  @Field(() => ID, { nullable: true }) companyId: string | null;
  @Field(() => [DuplicateReason], { description: 'Every reason it matched, strongest first.' })
  reasons: DuplicateReason[];
}

@ObjectType('MovedRelation', { description: 'Rows of one table moved to the kept record by a merge.' })
export class MovedRelationType {
  @Field() table: string;
  @Field() column: string;
  @Field(() => Int) moved: number;
  @Field(() => Int, {
    description: 'Link rows dropped because the kept record already had the same link (a language, an event).',
  })
  duplicatesDropped: number;
  @Field(() => Int, { description: 'Rows that could not be moved and stay attached to the merged record.' })
  leftBehind: number;
}

@ObjectType('MergeResult')
export class MergeResultType {
  @Field(() => ID) keptId: string;
  @Field(() => ID) mergedId: string;
  @Field(() => [String], { description: 'Fields of the kept record filled from the merged one (they were empty).' })
  filledFields: string[];
  @Field(() => [MovedRelationType]) relations: MovedRelationType[];
  @Field(() => [ID], {
    description:
      'Company merges: the merged company’s contacts erased under the GDPR. They are attached to the kept ' +
      'company (with the events they were invited to, which move too) and nothing else of theirs changes. ' +
      'Always empty for contact merges (an erased contact cannot be merged).',
  })
  erasedContactIds: string[];
}

@ObjectType('DuplicatePairRecord', {
  description: 'One record of a likely duplicate pair, with what the Doublons page shows of it.',
})
export class DuplicatePairRecordType {
  @Field(() => ID) id: string;
  @Field({ description: 'Company name, or contact full name.' }) name: string;
  @Field() active: boolean;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'Companies.' }) postalCode: string | null;
  @Field(() => String, { nullable: true, description: 'Companies.' }) city: string | null;
  @Field(() => String, { nullable: true, description: 'Companies.' }) siret: string | null;
  @Field(() => String, { nullable: true, description: 'Companies.' }) vatNumber: string | null;
  @Field(() => String, { nullable: true, description: 'Contacts.' }) email: string | null;
  @Field(() => String, { nullable: true, description: 'Contacts: the mobile, else the direct line (E.164).' })
  phone: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Contacts: the same phone in national format (06 12 34 56 78), as shown everywhere else.',
  })
  phoneNational: string | null;
  @Field(() => ID, { nullable: true, description: "Contacts: the contact's company." }) companyId: string | null;
  @Field(() => String, { nullable: true, description: "Contacts: the company's name." }) companyName: string | null;
}

@ObjectType('DuplicatePair', { description: 'Two live records of the workspace that are likely the same.' })
export class DuplicatePairType {
  @Field(() => RecordKind) kind: RecordKind;
  @Field(() => [DuplicateReason], { description: 'Every reason they match, strongest first.' })
  reasons: DuplicateReason[];
  @Field(() => DuplicatePairRecordType, { description: 'The older record (created first).' })
  first: DuplicatePairRecordType;
  @Field(() => DuplicatePairRecordType, { description: 'The newer record.' })
  second: DuplicatePairRecordType;
}

@ObjectType('DuplicatePairEdge')
export class DuplicatePairEdgeType {
  @Field() cursor: string;
  @Field(() => DuplicatePairType) node: DuplicatePairType;
}

@ObjectType('DismissedDuplicatePair', { description: 'A pair marked "not duplicates", with who decided and when.' })
export class DismissedDuplicatePairType {
  @Field(() => DuplicatePairType, { description: 'The pair, with the reasons it matches today (maybe none left).' })
  pair: DuplicatePairType;
  @Field() dismissedAt: Date;
  @Field(() => String, { nullable: true, description: 'Who dismissed it; null once that user is gone.' })
  dismissedBy: string | null;
}

@ObjectType('DismissedDuplicatePairEdge')
export class DismissedDuplicatePairEdgeType {
  @Field() cursor: string;
  @Field(() => DismissedDuplicatePairType) node: DismissedDuplicatePairType;
}

@ObjectType('DismissedDuplicatePairConnection', { description: 'Dismissed pairs, most recently dismissed first.' })
export class DismissedDuplicatePairConnectionType {
  @Field(() => [DismissedDuplicatePairEdgeType]) edges: DismissedDuplicatePairEdgeType[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('DuplicatePairConnection', {
  description:
    'Likely duplicate pairs, strongest reason first. No totalCount: counting every pair would cost a full ' +
    'scan of the nearly identical names; a page may hold fewer pairs than asked while hasNextPage is true.',
})
export class DuplicatePairConnectionType {
  @Field(() => [DuplicatePairEdgeType]) edges: DuplicatePairEdgeType[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}
