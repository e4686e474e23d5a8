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
import { ContactType, toContact } from '../company/company.types';
import type { SettingOptionEntity } from '../settings/setting-option.entity';
import { SettingOptionType, toSettingOptionType } from '../settings/settings.resolver';
import {
  type ColumnContacts,
  type PipelineColumn,
  createPipelineColumn,
  deletePipelineColumn,
  listPipelineColumns,
  moveContactInPipeline,
  pipeline,
  pipelineColumnContacts,
  reorderPipelineColumns,
  updatePipelineColumn,
} from './pipeline.service';

@ObjectType('PipelineColumn', { description: 'A column of the contact pipeline: one or more progress states.' })
export class PipelineColumnType {
  @Field(() => ID) id: string;
  @Field() label: string;
  @Field(() => Int) position: number;
  @Field(() => [ID], { description: 'The first one is what a contact dropped on the column gets.' })
  stateIds: string[];
  @Field(() => Boolean, {
    description:
      'The board\'s trailing column (id "unassigned"): contacts whose progress state is in no column. ' +
      'Not stored; cards leave it but cannot be dropped on it.',
  })
  unassigned: boolean;
}

@ObjectType('PipelineColumnContacts', { description: 'A column with a page of its contacts and their count.' })
export class PipelineColumnContactsType {
  @Field(() => PipelineColumnType) column: PipelineColumnType;
  @Field(() => [ContactType]) contacts: ContactType[];
  @Field(() => Int) totalCount: number;
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'For pipelineColumnContacts(after:).' }) endCursor: string | null;
}

@InputType()
export class PipelineFilterInput {
  @Field(() => ID, { nullable: true }) salespersonId?: string | null;
}

@InputType()
export class PipelineColumnInput {
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => [ID], { nullable: true, description: 'Progress states in order; a state is in one column at most.' })
  stateIds?: string[] | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
}

const toColumn = (c: PipelineColumn): PipelineColumnType => ({ ...c, unassigned: c.unassigned ?? false });

const toColumnContacts = (c: ColumnContacts): PipelineColumnContactsType => ({
  ...c,
  column: toColumn(c.column),
  contacts: c.contacts.map(toContact),
});

@Resolver(() => PipelineColumnType)
export class PipelineResolver {
  @Authorized()
  @Query(() => [PipelineColumnType])
  async pipelineColumns(@Ctx() gctx: GqlContext): Promise<PipelineColumnType[]> {
    return (await listPipelineColumns(serviceCtx(gctx))).map(toColumn);
  }

  @Authorized()
  @Query(() => [PipelineColumnContactsType], {
    description:
      'The board: every column with its first contacts (by name) and its count, then, when some contacts hold a ' +
      'progress state in no column, the trailing column "unassigned" with them.',
  })
  async pipeline(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => PipelineFilterInput, { nullable: true }) filter?: PipelineFilterInput,
    @Arg('first', () => Int, { nullable: true, description: 'Contacts per column, 20 by default, 100 at most.' })
    first?: number,
  ): Promise<PipelineColumnContactsType[]> {
    return (await pipeline(serviceCtx(gctx), filter ?? {}, first)).map(toColumnContacts);
  }

  @Authorized()
  @Query(() => PipelineColumnContactsType, {
    description: 'More of a column\'s contacts (columnId "unassigned": the trailing column).',
  })
  async pipelineColumnContacts(
    @Arg('columnId', () => ID) columnId: string,
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => PipelineFilterInput, { nullable: true }) filter?: PipelineFilterInput,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<PipelineColumnContactsType> {
    return toColumnContacts(await pipelineColumnContacts(serviceCtx(gctx), columnId, filter ?? {}, first, after));
  }

  @Authorized()
  @Mutation(() => ContactType, {
    description: "Sets the contact's progress state to the column's first state (unchanged if already in it).",
  })
  async moveContactInPipeline(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('columnId', () => ID) columnId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<ContactType> {
    return toContact(await moveContactInPipeline(serviceCtx(gctx), contactId, columnId));
  }

  @Authorized('ADMIN')
  @Mutation(() => PipelineColumnType)
  async createPipelineColumn(
    @Arg('input') input: PipelineColumnInput,
    @Ctx() gctx: GqlContext,
  ): Promise<PipelineColumnType> {
    return toColumn(await createPipelineColumn(serviceCtx(gctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => PipelineColumnType, { description: 'Only the fields given change; stateIds is the whole list.' })
  async updatePipelineColumn(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: PipelineColumnInput,
    @Ctx() gctx: GqlContext,
  ): Promise<PipelineColumnType> {
    return toColumn(await updatePipelineColumn(serviceCtx(gctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Its contacts keep their progress state.' })
  async deletePipelineColumn(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    await deletePipelineColumn(serviceCtx(gctx), id);
    return true;
  }

  @Authorized('ADMIN')
  @Mutation(() => [PipelineColumnType])
  async reorderPipelineColumns(
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() gctx: GqlContext,
  ): Promise<PipelineColumnType[]> {
    return (await reorderPipelineColumns(serviceCtx(gctx), ids)).map(toColumn);
  }

  @FieldResolver(() => [SettingOptionType], { description: 'The progress states, in order.' })
  async states(@Root() c: PipelineColumnType, @Ctx() gctx: GqlContext): Promise<SettingOptionType[]> {
    const options = await gctx.loaders.settingOption.loadMany(c.stateIds);
    return options.filter((o): o is SettingOptionEntity => !!o && !(o instanceof Error)).map(toSettingOptionType);
  }
}
