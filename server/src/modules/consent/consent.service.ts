import { type Ctx, em } from '../../common/context';
import { ConsentEventEntity } from './consent.entity';

/** Appends a consent change. `source` says how it was given: 'user', 'import', a provider name… */
export async function recordConsent(
  ctx: Ctx,
  subjectType: 'Company' | 'Contact',
  subjectId: string,
  optIn: boolean,
  source = 'user',
): Promise<void> {
  await (
    await em(ctx)
  ).insert(ConsentEventEntity, {
    workspaceId: ctx.actor.workspaceId,
    subjectType,
    subjectId,
    optIn,
    source,
    actorUserId: ctx.actor.userId,
  });
}

export async function consentHistory(
  ctx: Ctx,
  subjectType: 'Company' | 'Contact',
  subjectId: string,
): Promise<ConsentEventEntity[]> {
  return (await em(ctx)).find(ConsentEventEntity, {
    where: { subjectType, subjectId },
    order: { id: 'DESC' },
  });
}
