import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { BulkCompanyPatch, BulkContactPatch, BulkMatching, BulkResult } from './bulk.inputs';
import {
  BULK_MAX_IDS,
  BULK_MAX_MATCHING,
  bulkDeleteContacts,
  bulkUpdateCompanies,
  bulkUpdateContacts,
} from './bulk.service';

const ALL_OR_NOTHING =
  'Either `ids` (selected records) or `matching` (every record the list shows for a filter), not both. ' +
  'All or nothing: any record failing a rule of the single edit changes none (BAD_USER_INPUT, paths ' +
  '["ids", index, field], or ["matching", id, field]); ids naming no live record of the workspace are NOT_FOUND ' +
  `(extensions.missingIds). At most ${BULK_MAX_IDS} ids; at most ${BULK_MAX_MATCHING} records matching a filter ` +
  '(above, BAD_USER_INPUT on ["matching"]: narrow the filter).';
const IDS = { nullable: true, description: 'The selected records.' };
const MATCHING = { nullable: true, description: 'Every record of the list for a filter, on every page.' };

/** Bulk actions of the company and contact lists' selection bar. */
@Resolver()
export class BulkResolver {
  @Authorized()
  @Mutation(() => BulkResult, { description: `Sets the same fields on many contacts. ${ALL_OR_NOTHING}` })
  async bulkUpdateContacts(
    @Arg('input') input: BulkContactPatch,
    @Ctx() gctx: GqlContext,
    @Arg('ids', () => [ID], IDS) ids?: string[] | null,
    @Arg('matching', () => BulkMatching, MATCHING) matching?: BulkMatching | null,
  ): Promise<BulkResult> {
    return bulkUpdateContacts(serviceCtx(gctx), { ids, matching }, input);
  }

  @Authorized()
  @Mutation(() => BulkResult, { description: `Sets the same fields on many companies. ${ALL_OR_NOTHING}` })
  async bulkUpdateCompanies(
    @Arg('input') input: BulkCompanyPatch,
    @Ctx() gctx: GqlContext,
    @Arg('ids', () => [ID], IDS) ids?: string[] | null,
    @Arg('matching', () => BulkMatching, MATCHING) matching?: BulkMatching | null,
  ): Promise<BulkResult> {
    return bulkUpdateCompanies(serviceCtx(gctx), { ids, matching }, input);
  }

  @Authorized()
  @Mutation(() => BulkResult, {
    description: `Moves many contacts to the trash, like deleteContact. ${ALL_OR_NOTHING}`,
  })
  async bulkDeleteContacts(
    @Ctx() gctx: GqlContext,
    @Arg('ids', () => [ID], IDS) ids?: string[] | null,
    @Arg('matching', () => BulkMatching, MATCHING) matching?: BulkMatching | null,
  ): Promise<BulkResult> {
    return bulkDeleteContacts(serviceCtx(gctx), { ids, matching });
  }
}
