import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { MaxLength } from 'class-validator';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { UserType, toUserType } from '../user/user.types';
import { ApiKeyEntity, ApiKeyScope } from './api-key.entity';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key.service';

registerEnumType(ApiKeyScope, { name: 'ApiKeyScope' });

@ObjectType('ApiKey')
export class ApiKeyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The start of the key, to tell keys apart; the key itself is never shown again.' })
  prefix: string;
  @Field(() => ApiKeyScope) scope: ApiKeyScope;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  createdById: string | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
  @Field({ description: 'The whole key, shown this once: send it as "Authorization: Bearer <key>".' })
  secret: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() @MaxLength(100) name: string;
  @Field(() => ApiKeyScope) scope: ApiKeyScope;
}

const toType = (k: ApiKeyEntity): ApiKeyType => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scope: k.scope,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
  createdById: k.createdBy,
});

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Authorized('ADMIN')
  @Query(() => [ApiKeyType])
  async apiKeys(@Ctx() gctx: GqlContext): Promise<ApiKeyType[]> {
    return (await listApiKeys(serviceCtx(gctx))).map(toType);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiKey)
  async createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() gctx: GqlContext): Promise<CreatedApiKey> {
    const created = await createApiKey(serviceCtx(gctx), input);
    return { apiKey: toType(created.apiKey), secret: created.secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => ApiKeyType)
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<ApiKeyType> {
    return toType(await revokeApiKey(serviceCtx(gctx), id));
  }

  @FieldResolver(() => UserType, { nullable: true })
  async createdBy(@Root() key: ApiKeyType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    if (!key.createdById) return null;
    const user = await gctx.loaders.user.load(key.createdById);
    return user ? toUserType(user) : null;
  }
}
