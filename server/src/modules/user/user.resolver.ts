import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../common/errors';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { startSession } from '../auth/auth.resolver';
import { LoginRateLimiter } from '../auth/login-rate-limit';
import {
  type InvitationResult,
  acceptInvitation,
  checkInvitation,
  deactivateUser,
  inviteUser,
  pendingInvitations,
  reactivateUser,
  resendInvitation,
  updateUser,
} from './user-admin.service';
import { UserRole } from './user.entity';
import { listUsers } from './user.service';
import {
  InvitationCheckType,
  InviteUserInput,
  UpdateUserInput,
  UserInvitationResult,
  UserInvitationType,
  UserType,
  WorkspaceType,
  toInvitationType,
  toUserType,
} from './user.types';

const limiters = new WeakMap<object, LoginRateLimiter>();

/** Accepting invitations is limited like sign-ins (same limits), on counters of its own. */
function invitationLimiter(gctx: GqlContext): LoginRateLimiter {
  let limiter = limiters.get(gctx.deps);
  if (!limiter) {
    const c = gctx.deps.config;
    limiter = new LoginRateLimiter(gctx.deps.redis, {
      perAccount: c.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      perIp: c.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowSeconds: c.LOGIN_WINDOW_SECONDS,
      keyPrefix: c.QUEUE_PREFIX,
      name: 'invitation',
    });
    limiters.set(gctx.deps, limiter);
  }
  return limiter;
}

const toResult = (r: InvitationResult): UserInvitationResult => ({
  user: toUserType(r.user),
  invitation: toInvitationType(r.invitation),
  invitationLink: r.link,
});

@Resolver(() => UserType)
export class UserResolver {
  @Authorized()
  @Query(() => [UserType], {
    description:
      'The users of the workspace. Pickers (salesperson, assignee) offer only active ones: pass includeInactive: false, or filter on `active`.',
  })
  async users(
    @Arg('includeInactive', () => Boolean, { defaultValue: true }) includeInactive: boolean,
    @Ctx() gctx: GqlContext,
  ): Promise<UserType[]> {
    const all = (await listUsers(serviceCtx(gctx))).map(toUserType);
    return includeInactive ? all : all.filter((u) => u.active);
  }

  @Authorized('ADMIN')
  @Mutation(() => UserInvitationResult, {
    description: 'Adds a user to the workspace as INVITED and emails them a one-time link to choose a password.',
  })
  async inviteUser(@Arg('input') input: InviteUserInput, @Ctx() gctx: GqlContext): Promise<UserInvitationResult> {
    return toResult(await inviteUser(serviceCtx(gctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => UserInvitationResult, { description: 'Sends a new invitation link; the earlier ones stop working.' })
  async resendInvitation(
    @Arg('userId', () => ID) userId: string,
    @Ctx() gctx: GqlContext,
  ): Promise<UserInvitationResult> {
    return toResult(await resendInvitation(serviceCtx(gctx), userId));
  }

  @Authorized('ADMIN')
  @Mutation(() => UserType)
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateUserInput,
    @Ctx() gctx: GqlContext,
  ): Promise<UserType> {
    return toUserType(await updateUser(serviceCtx(gctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => UserType, {
    description:
      'The user can no longer sign in and is signed out at once; their records stay. reassignTasksTo (an active user) takes over their open tasks in the same step (see openTaskCount).',
  })
  async deactivateUser(
    @Arg('id', () => ID) id: string,
    @Arg('reassignTasksTo', () => ID, { nullable: true }) reassignTasksTo: string | null,
    @Ctx() gctx: GqlContext,
  ): Promise<UserType> {
    return toUserType(await deactivateUser(serviceCtx(gctx), id, { reassignTasksTo }));
  }

  @Authorized('ADMIN')
  @Mutation(() => UserType)
  async reactivateUser(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<UserType> {
    return toUserType(await reactivateUser(serviceCtx(gctx), id));
  }

  @Query(() => InvitationCheckType, {
    description:
      'Public: checks an invitation link when its page opens. A used, replaced, expired or unknown link is refused (BAD_USER_INPUT on `token`), as acceptInvitation would refuse it.',
  })
  async invitationCheck(@Arg('token') token: string, @Ctx() gctx: GqlContext): Promise<InvitationCheckType> {
    return checkInvitation(gctx.deps.dataSource, invitationLimiter(gctx), { token, ip: gctx.req.ip ?? 'unknown' });
  }

  @Mutation(() => UserType, {
    description: 'Public: sets the invited user’s password from the emailed link and signs them in (session cookie).',
  })
  async acceptInvitation(
    @Arg('token') token: string,
    @Arg('password') password: string,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Ctx() gctx: GqlContext,
  ): Promise<UserType> {
    const result = await acceptInvitation(
      gctx.deps.dataSource,
      gctx.deps,
      invitationLimiter(gctx),
      {
        token,
        password,
        name,
        ip: gctx.req.ip ?? 'unknown',
        userAgent: gctx.req.get('user-agent'),
        ttlHours: gctx.deps.config.SESSION_TTL_HOURS,
      },
      gctx.locale,
    );
    return startSession(gctx, result);
  }

  @FieldResolver(() => Int, {
    description: 'Open (to do) tasks assigned to the user, on records in the trash too: what reassignOpenTasks moves.',
  })
  async openTaskCount(@Root() user: UserType, @Ctx() gctx: GqlContext): Promise<number> {
    return gctx.loaders.openTaskCountByUser.load(user.id);
  }

  @FieldResolver(() => WorkspaceType)
  async workspace(@Root() user: UserType, @Ctx() gctx: GqlContext): Promise<WorkspaceType> {
    const ws = await gctx.loaders.workspace.load(user.workspaceId);
    if (!ws) throw notFound('Record');
    return { id: ws.id, name: ws.name };
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'The last sign-in (admins, and the user themself; null for others).',
  })
  lastLoginAt(@Root() user: UserType, @Ctx() gctx: GqlContext): Date | null {
    const actor = gctx.actor;
    if (!actor || (actor.role !== UserRole.ADMIN && actor.userId !== user.id)) return null;
    return user.lastLoginAt;
  }

  @FieldResolver(() => UserInvitationType, {
    nullable: true,
    description: 'The pending invitation of an INVITED user (null for non-admins).',
  })
  async invitation(@Root() user: UserType, @Ctx() gctx: GqlContext): Promise<UserInvitationType | null> {
    if (user.status !== 'INVITED' || !gctx.actor || !gctx.scope) return null;
    const [inv] = await pendingInvitations(serviceCtx(gctx), [user.id]);
    return inv ? toInvitationType(inv) : null;
  }
}
