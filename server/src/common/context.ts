import type { EntityManager } from 'typeorm';
import type { AppDeps } from '../app-deps';
import type { TenantScope } from '../db/tenant-scope';
import type { Actor } from './actor';

/** What a service method needs: who acts, the workspace transaction to act in, the process's resources. */
export interface Ctx {
  actor: Actor;
  scope: TenantScope;
  deps: AppDeps;
}

export function em(ctx: Ctx): Promise<EntityManager> {
  return ctx.scope.manager();
}
