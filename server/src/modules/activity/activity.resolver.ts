import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import { SettingOptionType } from '../settings/settings.resolver';
import { UserType, toUserType } from '../user/user.types';
import { ActivityFilter, CreateActivityInput, LinkTaskArgs, TaskDue, UpdateActivityInput } from './activity.inputs';
import { TaskStatus } from './activity.entity';
import {
  completeTask,
  createActivity,
  deleteActivity,
  getActivity,
  linkTaskToActivity,
  listActivities,
  listDeletedActivities,
  listTasks,
  postponeTask,
  reassignOpenTasks,
  restoreActivity,
  taskCounts,
  updateActivity,
} from './activity.service';
import {
  ActivityConnection,
  ActivityType,
  TaskCountsType,
  TaskPostponementType,
  toActivity,
  toPostponement,
} from './activity.types';

const toConnection = <T extends { edges: { cursor: string; node: Parameters<typeof toActivity>[0] }[] }>(page: T) => ({
  ...page,
  edges: page.edges.map((e) => ({ cursor: e.cursor, node: toActivity(e.node) })),
});

@Resolver(() => ActivityType)
export class ActivityResolver {
  @Authorized()
  @Query(() => ActivityType)
  async activity(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ActivityType> {
    return toActivity(await getActivity(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => ActivityConnection, {
    description: "A company's or a contact's timeline, newest first; a company's includes its contacts' activities.",
  })
  async activities(
    @Ctx() gctx: GqlContext,
    @Arg('companyId', () => ID, { nullable: true }) companyId?: string,
    @Arg('contactId', () => ID, { nullable: true }) contactId?: string,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter?: ActivityFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await listActivities(serviceCtx(gctx), { companyId, contactId }, filter, first, after));
  }

  @Authorized()
  @Query(() => ActivityConnection, {
    description:
      "Tasks of an assignee (the signed-in user by default), or everyone's with allAssignees: open ones by deadline, overdue first.",
  })
  async tasks(
    @Ctx() gctx: GqlContext,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId?: string,
    @Arg('allAssignees', () => Boolean, {
      nullable: true,
      description: "Every assignee's tasks (a colleague gone, a team view); not with assigneeId.",
    })
    allAssignees?: boolean,
    @Arg('status', () => TaskStatus, { nullable: true }) status?: TaskStatus,
    @Arg('due', () => TaskDue, { nullable: true }) due?: TaskDue,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await listTasks(serviceCtx(gctx), { assigneeId, allAssignees, status, due }, first, after));
  }

  @Authorized('ADMIN')
  @Mutation(() => Int, {
    description:
      'Admins: gives every open task of a user (active or not) to another active user, each audited, the new assignee told in one mail listing them; returns how many moved. deactivateUser(reassignTasksTo) does it while deactivating.',
  })
  async reassignOpenTasks(
    @Arg('fromUserId', () => ID) fromUserId: string,
    @Arg('toUserId', () => ID) toUserId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<number> {
    return reassignOpenTasks(serviceCtx(gctx), fromUserId, toUserId);
  }

  @Authorized()
  @Query(() => TaskCountsType)
  async taskCounts(@Ctx() gctx: GqlContext): Promise<TaskCountsType> {
    return taskCounts(serviceCtx(gctx));
  }

  @Authorized()
  @Mutation(() => ActivityType, { description: 'Info, task, call or meeting; an info can create a linked task.' })
  async createActivity(@Arg('input') input: CreateActivityInput, @Ctx() gctx: GqlContext): Promise<ActivityType> {
    return toActivity(await createActivity(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => ActivityType, {
    description: 'Gives an info its linked task ("Associer une tâche"); returns the info.',
  })
  async linkTaskToActivity(@Args() { activityId, task }: LinkTaskArgs, @Ctx() gctx: GqlContext): Promise<ActivityType> {
    return toActivity(await linkTaskToActivity(serviceCtx(gctx), activityId, task));
  }

  @Authorized()
  @Mutation(() => ActivityType)
  async updateActivity(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateActivityInput,
    @Ctx() gctx: GqlContext,
  ): Promise<ActivityType> {
    return toActivity(await updateActivity(serviceCtx(gctx), id, input));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Moves an activity to the trash (restoreActivity brings it back).' })
  async deleteActivity(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteActivity(serviceCtx(gctx), id);
  }

  @Authorized()
  @Mutation(() => ActivityType, {
    description: 'Brings a deleted activity back from the trash (CONFLICT while its company or contact is deleted).',
  })
  async restoreActivity(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ActivityType> {
    return toActivity(await restoreActivity(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => ActivityConnection, {
    description: 'The trash of activities: the deleted ones, newest deletion first (needs write access).',
  })
  async deletedActivities(
    @Ctx() gctx: GqlContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return toConnection(await listDeletedActivities(serviceCtx(gctx), first, after));
  }

  @Authorized()
  @Mutation(() => ActivityType)
  async completeTask(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ActivityType> {
    return toActivity(await completeTask(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => ActivityType, { description: 'Moves the deadline later; the previous one stays in the history.' })
  async postponeTask(
    @Arg('id', () => ID) id: string,
    @Arg('newDeadline') newDeadline: Date,
    @Ctx() gctx: GqlContext,
  ): Promise<ActivityType> {
    return toActivity(await postponeTask(serviceCtx(gctx), id, newDeadline));
  }

  @FieldResolver(() => CompanyType, { nullable: true })
  async company(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<CompanyType | null> {
    const c = a.companyId ? await gctx.loaders.company.load(a.companyId) : null;
    return c ? toCompany(c) : null;
  }

  @FieldResolver(() => ContactType, { nullable: true })
  async contact(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    const c = a.contactId ? await gctx.loaders.contact.load(a.contactId) : null;
    return c ? toContact(c) : null;
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async category(@Root() a: ActivityType, @Ctx() gctx: GqlContext) {
    return a.categoryId ? gctx.loaders.settingOption.load(a.categoryId) : null;
  }

  @FieldResolver(() => UserType, { nullable: true })
  async author(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = a.authorId ? await gctx.loaders.user.load(a.authorId) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => UserType, { nullable: true })
  async assignee(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = a.assigneeId ? await gctx.loaders.user.load(a.assigneeId) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => ActivityType, {
    nullable: true,
    description: 'The task an info created, or the info of a task.',
  })
  async linkedActivity(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<ActivityType | null> {
    const linked = a.linkedActivityId ? await gctx.loaders.activity.load(a.linkedActivityId) : null;
    return linked ? toActivity(linked) : null;
  }

  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who deleted the activity (while it is in the trash).',
  })
  async deletedBy(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const u = a.deletedById ? await gctx.loaders.user.load(a.deletedById) : null;
    return u ? toUserType(u) : null;
  }

  @FieldResolver(() => [TaskPostponementType], { description: 'Postponements of a task, oldest first.' })
  async postponements(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<TaskPostponementType[]> {
    if (a.kind !== 'TASK') return [];
    return (await gctx.loaders.postponementsByActivity.load(a.id)).map(toPostponement);
  }
}
