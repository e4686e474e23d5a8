import DataLoader from 'dataloader';
import { In, IsNull } from 'typeorm';
import type { Ctx } from '../../common/context';
import { ActivityEntity, type TaskPostponementEntity } from './activity.entity';
import { openTaskCountsByAssignee, postponementsByActivityIds } from './activity.service';

/** Per-request loaders of the activity module (merged into graphql/loaders.ts). */
export function activityLoaders(ctx: () => Ctx) {
  return {
    // Live activities only: a linked info or task in the trash is not shown through its link.
    activity: new DataLoader<string, ActivityEntity | null>(async (ids) => {
      const rows = await (
        await ctx().scope.manager()
      ).findBy(ActivityEntity, { id: In([...ids]), deletedAt: IsNull() });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    openTaskCountByUser: new DataLoader<string, number>((ids) => openTaskCountsByAssignee(ctx(), ids)),
    postponementsByActivity: new DataLoader<string, TaskPostponementEntity[]>((ids) =>
      postponementsByActivityIds(ctx(), ids),
    ),
  };
}
