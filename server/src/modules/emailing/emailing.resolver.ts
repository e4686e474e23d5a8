import DataLoader from 'dataloader';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import type { Ctx as ServiceCtx } from '../../common/context';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { ContactType } from '../company/company.types';
import { JobType, toJobType } from '../job/job.resolver';
import { ConnectionStatus, type EmailingConnectionEntity, EmailingProvider } from './emailing.entity';
import {
  connectionAccountId,
  createConnection,
  deleteConnection,
  listConnections,
  syncConnection,
  testConnection,
  updateConnection,
  webhookPath,
} from './emailing.service';
import { contactEmailingFlags, contactEmailingHistory, type EmailingFlags, type HistoryRow } from './history.service';
import { CREDENTIAL_FIELDS, providerBaseUrl } from './providers';

registerEnumType(EmailingProvider, { name: 'EmailingProvider' });
registerEnumType(ConnectionStatus, { name: 'EmailingConnectionStatus' });

@ObjectType('EmailingProviderInfo')
export class EmailingProviderInfoType {
  @Field(() => EmailingProvider) provider: EmailingProvider;
  @Field(() => [String], { description: 'Credential fields the connection form asks for.' })
  credentialFields: string[];
  @Field({ description: 'False when the server has no API address for it (Smart Profile by default).' })
  available: boolean;
}

@ObjectType('EmailingConnection', {
  description: 'An account at an emailing provider. Its keys are never returned (only its account identifier).',
})
export class EmailingConnectionType {
  @Field(() => ID) id: string;
  @Field(() => EmailingProvider) provider: EmailingProvider;
  @Field() label: string;
  @Field(() => String, {
    nullable: true,
    description: 'The account identifier (Sarbacane), not a secret; null for providers without one.',
  })
  accountId: string | null;
  @Field(() => ConnectionStatus) status: ConnectionStatus;
  @Field(() => String, { nullable: true, description: "The provider's reason of the last failure." })
  lastError: string | null;
  @Field(() => Date, { nullable: true }) lastCheckedAt: Date | null;
  @Field(() => Date, { nullable: true }) lastSyncAt: Date | null;
  @Field(() => Int) syncIntervalMinutes: number;
  @Field({ description: 'Path (with its secret token) to give the provider as webhook address.' })
  webhookPath: string;
  @Field() createdAt: Date;
}

@InputType()
export class EmailingConnectionInput {
  @Field(() => EmailingProvider, {
    nullable: true,
    description:
      "Required to create. On update, the connection's own provider or nothing: another one is refused (the campaign history is tied to it).",
  })
  provider?: EmailingProvider;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => Int, { nullable: true }) syncIntervalMinutes?: number | null;
  @Field(() => String, { nullable: true, description: 'On update, left out or blank keeps the stored key.' })
  apiKey?: string | null;
  @Field(() => String, { nullable: true, description: 'Mailjet. On update, left out or blank keeps the stored key.' })
  secretKey?: string | null;
  @Field(() => String, { nullable: true, description: 'Sarbacane. Cannot change on update (another account).' })
  accountId?: string | null;
}

@ObjectType('EmailingHistoryEntry', { description: "One campaign sent to a contact, with the contact's activity." })
export class EmailingHistoryEntryType {
  @Field(() => ID) id: string;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field() campaign: string;
  @Field(() => EmailingProvider) provider: EmailingProvider;
  @Field(() => Int) opens: number;
  @Field(() => Int) clicks: number;
  @Field() unsubscribed: boolean;
  @Field({ description: 'Hard bounce: no longer at this address.' }) npai: boolean;
}

function toConnection(ctx: ServiceCtx, c: EmailingConnectionEntity): EmailingConnectionType {
  return {
    id: c.id,
    provider: c.provider,
    label: c.label,
    accountId: connectionAccountId(ctx, c),
    status: c.status,
    lastError: c.lastError,
    lastCheckedAt: c.lastCheckedAt,
    lastSyncAt: c.lastSyncAt,
    syncIntervalMinutes: c.syncIntervalMinutes,
    webhookPath: webhookPath(ctx, c),
    createdAt: c.createdAt,
  };
}

function toInput(input: EmailingConnectionInput) {
  const hasCredentials = [input.apiKey, input.secretKey, input.accountId].some((v) => v !== undefined && v !== null);
  const credentials: Record<string, string> = {};
  for (const k of ['apiKey', 'secretKey', 'accountId'] as const) if (input[k]) credentials[k] = input[k]!;
  return {
    provider: input.provider,
    label: input.label,
    syncIntervalMinutes: input.syncIntervalMinutes,
    credentials: hasCredentials ? credentials : null,
  };
}

@Resolver()
export class EmailingResolver {
  @Authorized('ADMIN')
  @Query(() => [EmailingProviderInfoType])
  emailingProviders(@Ctx() gctx: GqlContext): EmailingProviderInfoType[] {
    return Object.values(EmailingProvider).map((provider) => ({
      provider,
      credentialFields: CREDENTIAL_FIELDS[provider],
      available: !!providerBaseUrl(gctx.deps.config, provider),
    }));
  }

  @Authorized('ADMIN')
  @Query(() => [EmailingConnectionType])
  async emailingConnections(@Ctx() gctx: GqlContext): Promise<EmailingConnectionType[]> {
    const ctx = serviceCtx(gctx);
    return (await listConnections(ctx)).map((c) => toConnection(ctx, c));
  }

  @Authorized('ADMIN')
  @Mutation(() => EmailingConnectionType, { description: 'Checks the credentials with the provider, then saves.' })
  async createEmailingConnection(
    @Arg('input') input: EmailingConnectionInput,
    @Ctx() gctx: GqlContext,
  ): Promise<EmailingConnectionType> {
    const ctx = serviceCtx(gctx);
    return toConnection(ctx, await createConnection(ctx, toInput(input)));
  }

  @Authorized('ADMIN')
  @Mutation(() => EmailingConnectionType)
  async updateEmailingConnection(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: EmailingConnectionInput,
    @Ctx() gctx: GqlContext,
  ): Promise<EmailingConnectionType> {
    const ctx = serviceCtx(gctx);
    return toConnection(ctx, await updateConnection(ctx, id, toInput(input)));
  }

  @Authorized('ADMIN')
  @Mutation(() => EmailingConnectionType, { description: 'Checks the stored credentials again.' })
  async testEmailingConnection(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
  ): Promise<EmailingConnectionType> {
    const ctx = serviceCtx(gctx);
    return toConnection(ctx, await testConnection(ctx, id));
  }

  @Authorized('ADMIN')
  @Mutation(() => ID, { description: "Removes the connection; contacts' campaign history stays." })
  async deleteEmailingConnection(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<string> {
    return (await deleteConnection(serviceCtx(gctx), id)).id;
  }

  @Authorized('ADMIN')
  @Mutation(() => JobType, { description: 'Starts a sync now (or returns the one already queued or running).' })
  async syncEmailingConnection(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await syncConnection(serviceCtx(gctx), id));
  }
}

/** Per-request loaders of this module, kept beside the request's context without editing the shared ones. */
const loadersByRequest = new WeakMap<
  GqlContext,
  { flags: DataLoader<string, EmailingFlags>; history: DataLoader<string, HistoryRow[]> }
>();
function loaders(gctx: GqlContext) {
  let l = loadersByRequest.get(gctx);
  if (!l) {
    l = {
      flags: new DataLoader((ids) => contactEmailingFlags(serviceCtx(gctx), ids)),
      history: new DataLoader((ids) => contactEmailingHistory(serviceCtx(gctx), ids)),
    };
    loadersByRequest.set(gctx, l);
  }
  return l;
}

/** The contact's emailing fields, resolved here so the contact module stays untouched. */
@Resolver(() => ContactType)
export class ContactEmailingResolver {
  @FieldResolver(() => Boolean, { description: 'A provider reported a hard bounce (NPAI) on the current address.' })
  async emailBouncing(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<boolean> {
    return (await loaders(gctx).flags.load(c.id)).emailBouncedAt !== null;
  }

  @FieldResolver(() => Date, { nullable: true })
  async emailBouncedAt(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<Date | null> {
    return (await loaders(gctx).flags.load(c.id)).emailBouncedAt;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When a provider first reported an unsubscribe.' })
  async emailingUnsubscribedAt(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<Date | null> {
    return (await loaders(gctx).flags.load(c.id)).emailingUnsubscribedAt;
  }

  @FieldResolver(() => [EmailingHistoryEntryType], { description: 'Campaigns sent to the contact, newest first.' })
  async emailingHistory(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<EmailingHistoryEntryType[]> {
    return loaders(gctx).history.load(c.id);
  }
}
