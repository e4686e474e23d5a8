import { GraphQLJSONObject } from 'graphql-scalars';
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
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { ConnectionType } from '../../common/pagination';
import { erasureNeedsHand } from '../emailing/erasure';
import { UserType, toUserType } from '../user/user.types';
import { mayDownloadJobFiles } from './job-file-access';
import { type JobEntity, type JobResultFile, JobStatus } from './job.entity';
import { cancelJob, getJob, listJobs, retryJob } from './job.service';

registerEnumType(JobStatus, { name: 'JobStatus' });

@ObjectType('JobFile')
export class JobFileType {
  @Field() name: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Download address (same session or API key as the API). Null when the caller may not download the file: ' +
      'the files of an export or a GDPR export are only for the admin who started it, in a session.',
  })
  url: string | null;
  @Field(() => Int) size: number;
  @Field() contentType: string;
  @Field(() => Date, { nullable: true, description: 'After this date the file is no longer served.' })
  expiresAt: Date | null;
}

@ObjectType('Job')
export class JobType {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field(() => JobStatus) status: JobStatus;
  @Field(() => Int) progressDone: number;
  @Field(() => Int, { nullable: true }) progressTotal: number | null;
  @Field(() => GraphQLJSONObject) counts: Record<string, number>;
  @Field(() => GraphQLJSONObject, { nullable: true }) result: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) error: string | null;
  @Field(() => Int) attempts: number;
  /** The stored files; the `resultFiles` field shows them to the caller. */
  files: JobResultFile[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
  @Field({
    description:
      'A GDPR deletion at an emailing provider (emailing.erase) that failed or was cancelled and still keeps the ' +
      'erased person’s address (encrypted): an admin, in a session, can read it (revealErasureAddresses) to ' +
      'delete the person at the provider by hand, then mark the job handled (resolveErasureJob). Forgotten ' +
      'after EMAILING_ERASURE_ADDRESS_RETENTION_DAYS.',
  })
  erasureNeedsHand: boolean;
  createdById: string | null;
}

const JobConnection = ConnectionType('Job', JobType);
type JobConnection = InstanceType<typeof JobConnection>;

@InputType()
export class JobFilter {
  @Field(() => [JobStatus], { nullable: true }) status?: JobStatus[];
  @Field(() => String, { nullable: true }) kind?: string;
}

export function toJobType(j: JobEntity): JobType {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    progressDone: j.progressDone,
    progressTotal: j.progressTotal,
    counts: j.counts,
    result: j.result,
    error: j.error,
    attempts: j.attempts,
    files: j.resultFiles,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    erasureNeedsHand: erasureNeedsHand(j),
    createdById: j.createdBy,
  };
}

@Resolver(() => JobType)
export class JobResolver {
  @Authorized()
  @Query(() => JobType)
  async job(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await getJob(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => JobConnection, { description: 'Background jobs, newest first. Poll it for live progress.' })
  async jobs(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => JobFilter, { nullable: true }) filter?: JobFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<JobConnection> {
    const page = await listJobs(serviceCtx(gctx), filter, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toJobType(e.node) })) };
  }

  @Authorized()
  @Mutation(() => JobType)
  async cancelJob(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await cancelJob(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => JobType)
  async retryJob(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await retryJob(serviceCtx(gctx), id));
  }

  @FieldResolver(() => [JobFileType])
  resultFiles(@Root() job: JobType, @Ctx() gctx: GqlContext): JobFileType[] {
    const downloadable =
      !!gctx.actor && mayDownloadJobFiles(gctx.actor, { kind: job.kind, createdBy: job.createdById });
    return job.files.map((f, index) => ({
      name: f.name,
      size: f.size,
      contentType: f.contentType,
      expiresAt: f.expiresAt ? new Date(f.expiresAt) : null,
      url: downloadable ? `/files/jobs/${job.id}/${index}` : null,
    }));
  }

  @FieldResolver(() => UserType, { nullable: true })
  async createdBy(@Root() job: JobType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    if (!job.createdById) return null;
    const user = await gctx.loaders.user.load(job.createdById);
    return user ? toUserType(user) : null;
  }
}
