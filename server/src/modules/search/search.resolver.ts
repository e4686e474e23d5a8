import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { RecordKind } from '../custom-field/custom-field.model';
import {
  dismissDuplicatePair,
  dismissedDuplicatePairs,
  duplicatePairs,
  restoreDuplicatePair,
} from './duplicate-pairs.service';
import { duplicateCandidates } from './duplicates.service';
import { mergeCompanies, mergeContacts } from './merge.service';
import { search } from './search.service';
import {
  DismissedDuplicatePairConnectionType,
  DuplicateCandidateType,
  DuplicateCheckInput,
  DuplicatePairConnectionType,
  MergeResultType,
  SearchKind,
  SearchResultType,
} from './search.types';

@Resolver()
export class SearchResolver {
  @Authorized()
  @Query(() => SearchResultType, {
    description:
      'Companies, contacts and events matching the text (accents, case and small typos ignored; names, e-mails, ' +
      'phones in any format, SIRET, VAT number, city), grouped by kind and ranked. Inactive records only with includeInactive.',
  })
  async search(
    @Ctx() gctx: GqlContext,
    @Arg('query') query: string,
    @Arg('kinds', () => [SearchKind], { nullable: true }) kinds?: SearchKind[],
    @Arg('first', () => Int, { defaultValue: 10, description: 'Hits per kind (1 to 50).' }) first?: number,
    @Arg('includeInactive', { defaultValue: false }) includeInactive?: boolean,
  ): Promise<SearchResultType> {
    return search(serviceCtx(gctx), { query, kinds, first, includeInactive });
  }

  @Authorized()
  @Query(() => [DuplicateCandidateType], {
    description: 'Existing companies or contacts that may be the one about to be created, with why they match.',
  })
  async duplicateCandidates(
    @Ctx() gctx: GqlContext,
    @Arg('input', () => DuplicateCheckInput) input: DuplicateCheckInput,
  ): Promise<DuplicateCandidateType[]> {
    return duplicateCandidates(serviceCtx(gctx), input);
  }

  @Authorized()
  @Query(() => DuplicatePairConnectionType, {
    description:
      'Likely duplicate pairs among the live companies or contacts of the workspace, strongest reason first ' +
      '(companies: SIRET, VAT number, SIREN, same name and postal code, same or nearly the same name; contacts: ' +
      'e-mail, phone, same name in the same company), the most similar names first within a reason. Pairs ' +
      'marked with dismissDuplicatePair are left out.',
  })
  async duplicatePairs(
    @Ctx() gctx: GqlContext,
    @Arg('kind', () => RecordKind) kind: RecordKind,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Pairs per page (1 to 100).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DuplicatePairConnectionType> {
    return duplicatePairs(serviceCtx(gctx), kind, first, after);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Marks two records as not duplicates: duplicatePairs no longer lists them together.',
  })
  async dismissDuplicatePair(
    @Ctx() gctx: GqlContext,
    @Arg('kind', () => RecordKind) kind: RecordKind,
    @Arg('idA', () => ID) idA: string,
    @Arg('idB', () => ID) idB: string,
  ): Promise<boolean> {
    return dismissDuplicatePair(serviceCtx(gctx), kind, idA, idB);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Takes back dismissDuplicatePair: duplicatePairs lists the two records together again if they still match.',
  })
  async restoreDuplicatePair(
    @Ctx() gctx: GqlContext,
    @Arg('kind', () => RecordKind) kind: RecordKind,
    @Arg('idA', () => ID) idA: string,
    @Arg('idB', () => ID) idB: string,
  ): Promise<boolean> {
    return restoreDuplicatePair(serviceCtx(gctx), kind, idA, idB);
  }

  @Authorized()
  @Query(() => DismissedDuplicatePairConnectionType, {
    description:
      'Pairs marked with dismissDuplicatePair whose records are both live, most recently dismissed first, with who dismissed them.',
  })
  async dismissedDuplicatePairs(
    @Ctx() gctx: GqlContext,
    @Arg('kind', () => RecordKind) kind: RecordKind,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Pairs per page (1 to 100).' }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<DismissedDuplicatePairConnectionType> {
    return dismissedDuplicatePairs(serviceCtx(gctx), kind, first, after);
  }

  @Authorized()
  @Mutation(() => MergeResultType, {
    description:
      'Merges a company into another: every linked record moves to the kept one, its empty fields are filled, ' +
      'the merged company is deleted (soft).',
  })
  async mergeCompanies(
    @Ctx() gctx: GqlContext,
    @Arg('keepId', () => ID) keepId: string,
    @Arg('mergeId', () => ID) mergeId: string,
  ): Promise<MergeResultType> {
    return mergeCompanies(serviceCtx(gctx), keepId, mergeId);
  }

  @Authorized()
  @Mutation(() => MergeResultType, {
    description: 'Merges a contact into another, like mergeCompanies.',
  })
  async mergeContacts(
    @Ctx() gctx: GqlContext,
    @Arg('keepId', () => ID) keepId: string,
    @Arg('mergeId', () => ID) mergeId: string,
  ): Promise<MergeResultType> {
    return mergeContacts(serviceCtx(gctx), keepId, mergeId);
  }
}
