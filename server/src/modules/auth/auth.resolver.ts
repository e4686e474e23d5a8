import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { TenantScope } from '../../db/tenant-scope';
import { createLoaders } from '../../graphql/loaders';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { getUser } from '../user/user.service';
import { type UserType, UserType as UserObject, toUserType } from '../user/user.types';
import { LoginRateLimiter } from './login-rate-limit';
import { type LoginResult, SESSION_COOKIE, login, logout } from './auth.service';

const limiters = new WeakMap<object, LoginRateLimiter>();

export function limiterFor(gctx: GqlContext): LoginRateLimiter {
  let limiter = limiters.get(gctx.deps);
  if (!limiter) {
    const c = gctx.deps.config;
    limiter = new LoginRateLimiter(gctx.deps.redis, {
      perAccount: c.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT,
      perIp: c.LOGIN_MAX_ATTEMPTS_PER_IP,
      windowSeconds: c.LOGIN_WINDOW_SECONDS,
      keyPrefix: c.QUEUE_PREFIX,
    });
    limiters.set(gctx.deps, limiter);
  }
  return limiter;
}

@Resolver()
export class AuthResolver {
  @Mutation(() => UserObject, { description: 'Signs in and sets the httpOnly session cookie.' })
  async login(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() gctx: GqlContext,
  ): Promise<UserType> {
    const cfg = gctx.deps.config;
    const result = await login(gctx.deps.dataSource, limiterFor(gctx), {
      email,
      password,
      ip: gctx.req.ip ?? 'unknown',
      userAgent: gctx.req.get('user-agent'),
      ttlHours: cfg.SESSION_TTL_HOURS,
    });
    return startSession(gctx, result);
  }

  @Mutation(() => Boolean, { description: 'Ends the current session and clears its cookie.' })
  async logout(@Ctx() gctx: GqlContext): Promise<boolean> {
    if (gctx.actor) await logout(serviceCtx(gctx), gctx.sessionId);
    gctx.res.clearCookie(SESSION_COOKIE, { path: '/' });
    return true;
  }

  @Authorized()
  @Query(() => UserObject, { description: 'The signed-in user (for an API key, the admin who created it).' })
  async me(@Ctx() gctx: GqlContext): Promise<UserType> {
    const ctx = serviceCtx(gctx);
    return toUserType(await getUser(ctx, ctx.actor.userId ?? '00000000-0000-0000-0000-000000000000'));
  }
}

/** Sets the session cookie of a new session and makes the rest of the request run as its user. */
export function startSession(gctx: GqlContext, result: LoginResult): UserType {
  const cfg = gctx.deps.config;
  gctx.res.cookie(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cfg.COOKIE_SECURE,
    expires: result.expiresAt,
    path: '/',
  });
  // The rest of this request (e.g. `login { workspace { name } }`) runs as the new user.
  gctx.actor = {
    workspaceId: result.user.workspaceId,
    userId: result.user.id,
    role: result.user.role,
    apiKeyId: null,
    scope: ApiKeyScope.READ_WRITE,
    locale: gctx.locale,
  };
  const scope = new TenantScope(gctx.deps.dataSource, result.user.workspaceId, result.user.id);
  gctx.scope = scope;
  // Loaders built for the anonymous request would not see the new scope.
  const actor = gctx.actor;
  gctx.loaders = createLoaders(() => ({ actor, scope, deps: gctx.deps }));
  return toUserType(result.user);
}
