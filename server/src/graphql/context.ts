import type { Request, Response } from 'express';
import type { AppDeps } from '../app-deps';
import type { Actor } from '../common/actor';
import type { Ctx } from '../common/context';
import { unauthenticated } from '../common/errors';
import type { Locale } from '../common/i18n';
import type { TenantScope } from '../db/tenant-scope';
import type { Loaders } from './loaders';

/** Per-request GraphQL context: built by the HTTP layer, read by resolvers. */
export interface GqlContext {
  deps: AppDeps;
  requestId: string;
  locale: Locale;
  req: Request;
  res: Response;
  actor: Actor | null;
  sessionId: string | null;
  /** The request's workspace transaction; null before login. */
  scope: TenantScope | null;
  loaders: Loaders;
}

/** The service context of a signed-in request; UNAUTHENTICATED otherwise. */
export function serviceCtx(gctx: GqlContext): Ctx {
  if (!gctx.actor || !gctx.scope) throw unauthenticated();
  return { actor: gctx.actor, scope: gctx.scope, deps: gctx.deps };
}
