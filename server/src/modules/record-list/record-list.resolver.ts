import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, type Page, PageInfo } from '../../common/pagination';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import type { Loaders } from '../../graphql/loaders';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import type { CompanyEntity } from '../company/company.entity';
import type { ContactEntity } from '../contact/contact.entity';
import type { ListName } from './columns';
import { listDefFor } from './custom-columns';
import { ListColumnType, ListFilterInput, ListGroupType, ListSortInput, RecordListName } from './record-list.inputs';
import {
  type ListArgs,
  type ListResult,
  type Related,
  extraNames,
  groupRecords,
  listRecords,
} from './record-list.service';
import { at, selectionOf } from './selection';

@ObjectType('ListPageInfo', { description: 'The page info of the company and contact lists, which page both ways.' })
class ListPageInfo extends PageInfo {
  @Field(() => String, {
    nullable: true,
    description:
      "The cursor this page starts after (the previous page's endCursor): the `after` given, or with `before` " +
      'the last row before the page; null at the start of the list. `after` it, the same page reads again.',
  })
  previousEndCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The cursor of the page's first row: `before` it, the previous page.",
  })
  startCursor: string | null;
}

const CompanyConnection = ConnectionType('Company', CompanyType, ListPageInfo);
const ContactConnection = ConnectionType('Contact', ContactType, ListPageInfo);

/** A list row carries the counts its statement computed, read by the count field resolvers. */
type WithCounts = { listCounts?: Record<string, number> };

function primeLoaders(loaders: Loaders, related: Related): void {
  for (const c of related.contacts) loaders.contact.prime(c.id, c);
  for (const c of related.companies) loaders.company.prime(c.id, c);
  for (const o of related.options) loaders.settingOption.prime(o.id, o);
  for (const u of related.users) loaders.user.prime(u.id, u);
  for (const [id, ids] of related.languageIds) loaders.languageIdsByCompany.prime(id, ids);
}

/** Reads the query's selection: which related values and counts the one list statement must compute. */
function includeFor(list: ListName, info: GraphQLResolveInfo) {
  const selection = selectionOf(info);
  const node = at(selection, 'edges', 'node');
  const extras = extraNames(list).filter((name) => node.has(name));
  // isMain compares with the company's main contact: computing the company serves it too.
  if (list === 'CONTACTS' && node.has('isMain') && !extras.includes('company')) extras.push('company');
  return { extras, totalCount: selection.has('totalCount') };
}

async function page<E extends CompanyEntity | ContactEntity, T>(
  gctx: GqlContext,
  list: ListName,
  args: ListArgs,
  info: GraphQLResolveInfo,
  toNode: (e: E) => T,
): Promise<Page<T & WithCounts> & { pageInfo: ListPageInfo }> {
  const result: ListResult<E> = await listRecords<E>(serviceCtx(gctx), list, args, includeFor(list, info));
  primeLoaders(gctx.loaders, result.related);
  const edges = result.rows.map((row) => {
    if (list === 'COMPANIES') gctx.loaders.company.prime(row.entity.id, row.entity as CompanyEntity);
    else gctx.loaders.contact.prime(row.entity.id, row.entity as ContactEntity);
    return { cursor: row.cursor, node: { ...toNode(row.entity), listCounts: row.counts } };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: result.hasNextPage,
      endCursor: edges.at(-1)?.cursor ?? null,
      previousEndCursor: result.previousEndCursor,
      startCursor: edges[0]?.cursor ?? null,
    },
    totalCount: result.totalCount ?? 0,
  };
}

const FILTER_DESCRIPTION =
  'Soft-deleted records never show (but see `deleted`); inactive ones only when the filter names `active`.';
const BEFORE_DESCRIPTION =
  'Paging backwards: the `first` rows just before this cursor (an edge cursor, e.g. the first row of the page ' +
  'shown), in list order; not with `after`. `pageInfo.previousEndCursor` then says where the page starts and ' +
  "`hasNextPage` is true (the cursor's row follows).";
const DELETED_DESCRIPTION =
  'The trash: deleted records (active or not) instead of live ones, newest deletion first by default, with two ' +
  'more columns `deletedAt` and `deletedBy`. Same permission as restoring (FORBIDDEN to read-only API keys).';

@Resolver(() => CompanyType)
export class CompanyListResolver {
  @Authorized()
  @Query(() => CompanyConnection, {
    description: `The company list, keyset-paginated (at most 100 a page). ${FILTER_DESCRIPTION}`,
  })
  async companies(
    @Ctx() gctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ListFilterInput, { nullable: true }) filter?: ListFilterInput,
    @Arg('orderBy', () => [ListSortInput], {
      nullable: true,
      description: 'Default: name (the trash: deletedAt, newest first).',
    })
    orderBy?: ListSortInput[],
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('before', () => String, { nullable: true, description: BEFORE_DESCRIPTION }) before?: string,
    @Arg('deleted', { defaultValue: false, description: DELETED_DESCRIPTION }) deleted?: boolean,
  ) {
    return page(gctx, 'COMPANIES', { filter, orderBy, first, after, before, deleted }, info, toCompany);
  }

  @Authorized()
  @Query(() => [ListGroupType], { description: 'Each value of a company column with its count, for grouped lists.' })
  async companiesGroupBy(
    @Arg('column') column: string,
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => ListFilterInput, { nullable: true }) filter?: ListFilterInput,
  ): Promise<ListGroupType[]> {
    return groupRecords(serviceCtx(gctx), 'COMPANIES', column, filter, gctx.locale);
  }

  @Authorized()
  @Query(() => [ListColumnType], {
    description: 'The columns of a list: what can be shown, filtered, sorted, grouped.',
  })
  async listColumns(
    @Arg('list', () => RecordListName) list: RecordListName,
    @Ctx() gctx: GqlContext,
  ): Promise<ListColumnType[]> {
    const def = await listDefFor(serviceCtx(gctx), list, 'all');
    return [...def.columns.values()].map((c) => ({
      key: c.key,
      kind: c.kind,
      groupable: c.groupable,
      settingList: c.settingList ?? null,
    }));
  }

  @FieldResolver(() => Int, { description: 'Number of events of the company.' })
  async eventsCount(@Root() c: CompanyType & WithCounts, @Ctx() gctx: GqlContext): Promise<number> {
    return c.listCounts?.eventsCount ?? gctx.loaders.eventsCountByCompany.load(c.id);
  }

  @FieldResolver(() => Int, { description: 'Number of (live) contacts of the company.' })
  async contactsCount(@Root() c: CompanyType & WithCounts, @Ctx() gctx: GqlContext): Promise<number> {
    return c.listCounts?.contactsCount ?? gctx.loaders.contactsCountByCompany.load(c.id);
  }
}

@Resolver(() => ContactType)
export class ContactListResolver {
  @Authorized()
  @Query(() => ContactConnection, {
    description: `The contact list, keyset-paginated (at most 100 a page). ${FILTER_DESCRIPTION}`,
  })
  async contacts(
    @Ctx() gctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ListFilterInput, { nullable: true }) filter?: ListFilterInput,
    @Arg('orderBy', () => [ListSortInput], {
      nullable: true,
      description: 'Default: name (last, first); the trash: deletedAt, newest first.',
    })
    orderBy?: ListSortInput[],
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('before', () => String, { nullable: true, description: BEFORE_DESCRIPTION }) before?: string,
    @Arg('deleted', { defaultValue: false, description: DELETED_DESCRIPTION }) deleted?: boolean,
  ) {
    return page(gctx, 'CONTACTS', { filter, orderBy, first, after, before, deleted }, info, toContact);
  }

  @Authorized()
  @Query(() => [ListGroupType], { description: 'Each value of a contact column with its count, for grouped lists.' })
  async contactsGroupBy(
    @Arg('column') column: string,
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => ListFilterInput, { nullable: true }) filter?: ListFilterInput,
  ): Promise<ListGroupType[]> {
    return groupRecords(serviceCtx(gctx), 'CONTACTS', column, filter, gctx.locale);
  }

  @FieldResolver(() => Int, { description: 'Number of events the contact is linked to.' })
  async eventsCount(@Root() c: ContactType & WithCounts, @Ctx() gctx: GqlContext): Promise<number> {
    return c.listCounts?.eventsCount ?? gctx.loaders.eventsCountByContact.load(c.id);
  }
}
