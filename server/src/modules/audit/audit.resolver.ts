import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { UserType, toUserType } from '../user/user.types';
import { auditLabels } from './audit-labels';
import { auditTrail } from './audit.service';

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => ID) id: string;
  @Field() entityType: string;
  @Field(() => ID) entityId: string;
  @Field({ description: 'create, update, delete, restore, or a domain verb (revoke, merge…).' }) action: string;
  @Field(() => GraphQLJSONObject, { description: '{ field: { from, to } } for each changed field.' })
  changes: Record<string, unknown>;
  @Field(() => String, { nullable: true }) actorLabel: string | null;
  @Field() createdAt: Date;
  actorUserId: string | null;
}

const AuditEntryConnection = ConnectionType('AuditEntry', AuditEntryType);
type AuditEntryConnection = InstanceType<typeof AuditEntryConnection>;

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Authorized()
  @Query(() => AuditEntryConnection, { description: 'Who changed what on one record, newest first.' })
  async auditTrail(
    @Arg('entityType') entityType: string,
    @Arg('entityId', () => ID) entityId: string,
    @Ctx() gctx: GqlContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<AuditEntryConnection> {
    const page = await auditTrail(serviceCtx(gctx), entityType, entityId, first, after);
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: {
          id: node.id,
          entityType: node.entityType,
          entityId: node.entityId,
          action: node.action,
          changes: node.changes,
          actorLabel: node.actorLabel,
          createdAt: node.createdAt,
          actorUserId: node.actorUserId,
        },
      })),
    };
  }

  @FieldResolver(() => UserType, { nullable: true })
  async actor(@Root() entry: AuditEntryType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    if (!entry.actorUserId) return null;
    const user = await gctx.loaders.user.load(entry.actorUserId);
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'Readable names of the records, users and list values the changes refer to, by id (records gone for good have none).',
  })
  labels(@Root() entry: AuditEntryType, @Ctx() gctx: GqlContext): Promise<Record<string, string>> {
    return auditLabels(gctx, entry.entityType, entry.changes);
  }
}
