import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { BulkCompanyPatch, BulkContactPatch, BulkResult } from './bulk.inputs';
import { BULK_MAX_IDS, bulkDeleteContacts, bulkUpdateCompanies, bulkUpdateContacts } from './bulk.service';

const ALL_OR_NOTHING = `All or nothing: any record failing a rule of the single edit changes none (BAD_USER_INPUT, paths ["ids", index, field]); ids naming no live record of the workspace are NOT_FOUND (extensions.missingIds). At most ${BULK_MAX_IDS} ids.`;

/** Bulk actions of the company and contact lists' selection bar. */
@Resolver()
export class BulkResolver {
  @Authorized()
  @Mutation(() => BulkResult, { description: `Sets the same fields on many contacts. ${ALL_OR_NOTHING}` })
  async bulkUpdateContacts(
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('input') input: BulkContactPatch,
    @Ctx() gctx: GqlContext,
  ): Promise<BulkResult> {
    return bulkUpdateContacts(serviceCtx(gctx), ids, input);
  }

  @Authorized()
  @Mutation(() => BulkResult, { description: `Sets the same fields on many companies. ${ALL_OR_NOTHING}` })
  async bulkUpdateCompanies(
    @Arg('ids', () => [ID]) ids: string[],
    @Arg('input') input: BulkCompanyPatch,
    @Ctx() gctx: GqlContext,
  ): Promise<BulkResult> {
    return bulkUpdateCompanies(serviceCtx(gctx), ids, input);
  }

  @Authorized()
  @Mutation(() => BulkResult, {
    description: `Moves many contacts to the trash, like deleteContact. ${ALL_OR_NOTHING}`,
  })
  async bulkDeleteContacts(@Arg('ids', () => [ID]) ids: string[], @Ctx() gctx: GqlContext): Promise<BulkResult> {
    return bulkDeleteContacts(serviceCtx(gctx), ids);
  }
}
