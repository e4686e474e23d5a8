import type { Ctx } from '../../common/context';
import { LISTS } from '../record-list/columns';
import { Params } from '../record-list/filter';
import { KeysetSort } from '../record-list/keyset';
import type { ListFilterInput, ListSortInput } from '../record-list/record-list.inputs';
import { whereClause } from '../record-list/record-list.service';
import type { ExportList, ExportRowSource } from './export-columns';

/**
 * The rows of the current view: the list's own WHERE clause (workspace, not deleted, active
 * unless the filter names `active`, the filter compiled by the lists' compiler) and its
 * sort, so that the file holds what the page shows. Throws BAD_USER_INPUT with the field
 * paths (`filter…`, `orderBy…`) on a bad filter or sort. No filter: every record.
 */
export function exportRowSource(
  ctx: Ctx,
  list: ExportList,
  filter: ListFilterInput | null | undefined,
  orderBy: ListSortInput[] | null | undefined,
): ExportRowSource {
  const def = LISTS[list];
  const params = new Params();
  const where = filter ? whereClause(ctx, def, filter, params) : undefined;
  const sort = orderBy?.length ? new KeysetSort(def, orderBy, ['orderBy']) : undefined;
  return { where, orderBy: sort?.orderBy(), params: params.values };
}
