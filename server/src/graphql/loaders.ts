import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Ctx } from '../common/context';
import { usersByIds } from '../modules/user/user.service';
import type { UserEntity } from '../modules/user/user.entity';
import { WorkspaceEntity } from '../modules/workspace/workspace.entity';

/**
 * Per-request DataLoaders, one per relation a list can show, so a page costs a fixed
 * number of statements. They run inside the request's workspace transaction, so the
 * workspace is part of every key by construction.
 */
export function createLoaders(ctx: () => Ctx) {
  return {
    user: new DataLoader<string, UserEntity | null>((ids) => usersByIds(ctx(), ids)),
    workspace: new DataLoader<string, WorkspaceEntity | null>(async (ids) => {
      const rows = await (await ctx().scope.manager()).findBy(WorkspaceEntity, { id: In([...ids]) });
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
