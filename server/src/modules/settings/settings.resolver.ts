import {
  Arg,
  Authorized,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { SettingList, type SettingOptionEntity } from './setting-option.entity';
import {
  createSettingOption,
  deleteSettingOption,
  listAllSettingOptions,
  listSettingOptions,
  reorderSettingOptions,
  updateSettingOption,
} from './settings.service';

registerEnumType(SettingList, {
  name: 'SettingList',
  description: 'The lists an admin configures in the settings.',
  valuesConfig: {
    PROGRESS_STATE: { description: 'States of the sales pipeline, in column order.' },
  },
});

@ObjectType('SettingOption', { description: 'One value of a settings list.' })
export class SettingOptionType {
  @Field(() => ID) id: string;
  @Field(() => SettingList) list: SettingList;
  @Field() label: string;
  @Field(() => Int, { description: 'Sort key within the list; ties are sorted by label.' }) position: number;
  @Field({ description: 'Hidden values stay on the records that use them but are no longer offered.' })
  hidden: boolean;
}

@InputType()
export class CreateSettingOptionInput {
  @Field(() => SettingList) list: SettingList;
  @Field({ description: 'Unique in its list, whatever the case; at most 100 characters.' }) label: string;
  @Field(() => Int, { nullable: true, description: 'Defaults to the end of the list.' }) position?: number | null;
}

@InputType({ description: 'Only the fields given are changed.' })
export class UpdateSettingOptionInput {
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => Int, { nullable: true }) position?: number | null;
  @Field(() => Boolean, { nullable: true }) hidden?: boolean | null;
}

/** Entity to GraphQL type (the company and contact resolvers use it too). */
export const toSettingOptionType = (o: SettingOptionEntity): SettingOptionType => ({
  id: o.id,
  list: o.list,
  label: o.label,
  position: o.position,
  hidden: o.hidden,
});

@Resolver(() => SettingOptionType)
export class SettingsResolver {
  @Authorized()
  @Query(() => [SettingOptionType], { description: 'One list’s values, by position then label.' })
  async settingOptions(
    @Arg('list', () => SettingList) list: SettingList,
    @Ctx() gctx: GqlContext,
    @Arg('includeHidden', () => Boolean, { nullable: true, defaultValue: false }) includeHidden?: boolean | null,
  ): Promise<SettingOptionType[]> {
    return (await listSettingOptions(serviceCtx(gctx), list, { includeHidden })).map(toSettingOptionType);
  }

  @Authorized()
  @Query(() => [SettingOptionType], {
    description: 'Every list’s values in one call (for forms), by list then position.',
  })
  async allSettingOptions(
    @Ctx() gctx: GqlContext,
    @Arg('includeHidden', () => Boolean, { nullable: true, defaultValue: false }) includeHidden?: boolean | null,
  ): Promise<SettingOptionType[]> {
    return (await listAllSettingOptions(serviceCtx(gctx), { includeHidden })).map(toSettingOptionType);
  }

  @Authorized('ADMIN')
  @Mutation(() => SettingOptionType)
  async createSettingOption(
    @Arg('input') input: CreateSettingOptionInput,
    @Ctx() gctx: GqlContext,
  ): Promise<SettingOptionType> {
    return toSettingOptionType(await createSettingOption(serviceCtx(gctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => SettingOptionType, { description: 'Renames, moves, hides or shows a value.' })
  async updateSettingOption(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateSettingOptionInput,
    @Ctx() gctx: GqlContext,
  ): Promise<SettingOptionType> {
    return toSettingOptionType(await updateSettingOption(serviceCtx(gctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => [SettingOptionType], {
    description:
      'Puts these values first, in this order, and the list’s other values after them; returns the whole list, hidden values included.',
  })
  async reorderSettingOptions(
    @Arg('list', () => SettingList) list: SettingList,
    @Arg('ids', () => [ID]) ids: string[],
    @Ctx() gctx: GqlContext,
  ): Promise<SettingOptionType[]> {
    return (await reorderSettingOptions(serviceCtx(gctx), list, ids)).map(toSettingOptionType);
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Deletes a value no record uses (CONFLICT otherwise: hide it instead).' })
  async deleteSettingOption(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    await deleteSettingOption(serviceCtx(gctx), id);
    return true;
  }
}
