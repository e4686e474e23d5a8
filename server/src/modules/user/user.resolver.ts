import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../common/errors';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { listUsers } from './user.service';
import { UserType, WorkspaceType, toUserType } from './user.types';

@Resolver(() => UserType)
export class UserResolver {
  @Authorized()
  @Query(() => [UserType], { description: 'The users of the workspace (for pickers: salesperson, assignee).' })
  async users(@Ctx() gctx: GqlContext): Promise<UserType[]> {
    return (await listUsers(serviceCtx(gctx))).map(toUserType);
  }

  @FieldResolver(() => WorkspaceType)
  async workspace(@Root() user: UserType, @Ctx() gctx: GqlContext): Promise<WorkspaceType> {
    const ws = await gctx.loaders.workspace.load(user.workspaceId);
    if (!ws) throw notFound('Record');
    return { id: ws.id, name: ws.name };
  }
}
