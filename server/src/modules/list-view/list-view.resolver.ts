import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import {
  ListFilterInput,
  ListSortInput,
  ListSortType,
  RecordListName,
  type SortDirection,
} from '../record-list/record-list.inputs';
import { UserType, toUserType } from '../user/user.types';
import type { ListViewEntity } from './list-view.entity';
import {
  createListView,
  deleteListView,
  listViews,
  listViewsUsingCustomField,
  updateListView,
} from './list-view.service';

@ObjectType('ListView', { description: 'A saved list view; a shared one is read-only for everyone but its owner.' })
export class ListViewType {
  @Field(() => ID) id: string;
  @Field(() => RecordListName) list: RecordListName;
  @Field() name: string;
  @Field() shared: boolean;
  @Field(() => [String], { description: 'Shown column keys, in display order.' }) columns: string[];
  @Field(() => [ListSortType]) orderBy: ListSortType[];
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'A ListFilter, as given when saved.' })
  filter: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) groupBy: string | null;
  @Field(() => Int) pageSize: number;
  @Field() updatedAt: Date;
  ownerId: string;
}

const toListView = (v: ListViewEntity): ListViewType => ({
  id: v.id,
  list: v.list as RecordListName,
  name: v.name,
  shared: v.shared,
  columns: v.columns,
  orderBy: v.orderBy.map((s) => ({ column: s.column, direction: s.direction as SortDirection })),
  filter: v.filter,
  groupBy: v.groupBy,
  pageSize: v.pageSize,
  updatedAt: v.updatedAt,
  ownerId: v.ownerId,
});

@InputType({ description: 'The whole configuration of a view (an update replaces it).' })
export class ListViewInput {
  @Field() name: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) shared?: boolean | null;
  @Field(() => [String]) columns: string[];
  @Field(() => [ListSortInput], { nullable: true }) orderBy?: ListSortInput[] | null;
  @Field(() => ListFilterInput, { nullable: true }) filter?: ListFilterInput | null;
  @Field(() => String, { nullable: true }) groupBy?: string | null;
  @Field(() => Int, { nullable: true, defaultValue: 50 }) pageSize?: number | null;
}

@Resolver(() => ListViewType)
export class ListViewResolver {
  @Authorized()
  @Query(() => [ListViewType], { description: 'My views of a list, then those colleagues share.' })
  async listViews(
    @Arg('list', () => RecordListName) list: RecordListName,
    @Ctx() gctx: GqlContext,
  ): Promise<ListViewType[]> {
    return (await listViews(serviceCtx(gctx), list)).map(toListView);
  }

  @Authorized('ADMIN')
  @Query(() => [ListViewType], {
    description:
      'The saved views (of every user) whose filter, columns, sort or grouping name this custom field, by name: ' +
      'what deleting the field takes from them (a filter on it is refused when such a view is opened).',
  })
  async listViewsUsingCustomField(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ListViewType[]> {
    return (await listViewsUsingCustomField(serviceCtx(gctx), id)).map(toListView);
  }

  @Authorized()
  @Mutation(() => ListViewType)
  async createListView(
    @Arg('list', () => RecordListName) list: RecordListName,
    @Arg('input') input: ListViewInput,
    @Ctx() gctx: GqlContext,
  ): Promise<ListViewType> {
    return toListView(await createListView(serviceCtx(gctx), list, input));
  }

  @Authorized()
  @Mutation(() => ListViewType, { description: 'Only its owner can change a view.' })
  async updateListView(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ListViewInput,
    @Ctx() gctx: GqlContext,
  ): Promise<ListViewType> {
    return toListView(await updateListView(serviceCtx(gctx), id, input));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Only its owner can delete a view.' })
  async deleteListView(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteListView(serviceCtx(gctx), id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether I own this view (and so can change it).' })
  mine(@Root() v: ListViewType, @Ctx() gctx: GqlContext): boolean {
    return v.ownerId === gctx.actor?.userId;
  }

  @FieldResolver(() => UserType, { nullable: true })
  async owner(@Root() v: ListViewType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = await gctx.loaders.user.load(v.ownerId);
    return user ? toUserType(user) : null;
  }
}
