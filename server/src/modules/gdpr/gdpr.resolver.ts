import { Arg, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { JobType, toJobType } from '../job/job.resolver';
import { resolveErasureJob, revealErasureAddresses } from '../emailing/erasure';
import { erasePerson, exportPersonData } from './gdpr.service';

@ObjectType('PersonErasure', { description: 'What an erasure removed; the contact row stays, anonymised.' })
class PersonErasureType {
  @Field(() => ID) contactId: string;
  @Field(() => Int, {
    description:
      'Records of the person erased: the contact and its merge family (the record kept and every record merged into it).',
  })
  recordsErased: number;
  @Field(() => Int) documentsRemoved: number;
  @Field(() => Int) emailsCleared: number;
  @Field(() => Int) activitiesCleared: number;
  @Field(() => Int, {
    description:
      'References of the payments and refunds on the person’s invoices and credit notes, kept with the ' +
      'invoices, amounts and dates: accounting records to keep ten years (Code de commerce L123-22, GDPR ' +
      'art. 17(3)(b)); the erasure’s audit entry says so.',
  })
  paymentReferencesKept: number;
  @Field(() => [JobType], {
    description:
      'One job per emailing-provider connection deleting the person there (kind emailing.erase), queued and ' +
      'retried on its own: a provider that is down does not hold the erasure back; a job failing says why.',
  })
  providerDeletionJobs: JobType[];
}

@Resolver()
export class GdprResolver {
  @Authorized('ADMIN')
  @Mutation(() => JobType, {
    description:
      'GDPR right of access: everything stored about a contact, as .json and .xlsx files of a finished job ' +
      '(download them from resultFiles). Admins only, in a session, with their password; audited.',
  })
  async exportPersonData(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('password', () => String, { description: 'The admin’s password, checked again.' }) password: string,
    @Ctx() gctx: GqlContext,
  ): Promise<JobType> {
    return toJobType(await exportPersonData(serviceCtx(gctx), contactId, password));
  }

  @Authorized('ADMIN')
  @Mutation(() => PersonErasureType, {
    description:
      'GDPR erasure: anonymises the contact and removes its documents, email contents and personal history; ' +
      'quotes and invoices keep their legal content. The whole merge family is erased with it: the record a ' +
      'merged-away copy went into, and every record merged into that one. Admins only, in a session, with ' +
      'their password; audited.',
  })
  async erasePerson(
    @Arg('contactId', () => ID) contactId: string,
    @Arg('password', () => String, { nullable: true, description: 'The admin’s password, checked again.' })
    password: string | null,
    @Ctx() gctx: GqlContext,
  ): Promise<PersonErasureType> {
    const result = await erasePerson(serviceCtx(gctx), contactId, password);
    return { ...result, providerDeletionJobs: result.providerDeletionJobs.map(toJobType) };
  }

  @Authorized('ADMIN')
  @Mutation(() => [String], {
    description:
      'The addresses of an erased person kept on a failed or cancelled deletion job at an emailing provider ' +
      '(emailing.erase, erasureNeedsHand), to delete the person there by hand. Admins only, in a session (not an ' +
      'API key); audited on the contact (gdpr.erasureAddressesRevealed).',
  })
  async revealErasureAddresses(@Arg('jobId', () => ID) jobId: string, @Ctx() gctx: GqlContext): Promise<string[]> {
    return revealErasureAddresses(serviceCtx(gctx), jobId);
  }

  @Authorized('ADMIN')
  @Mutation(() => JobType, {
    description:
      '« Marquer comme traité »: the person was deleted at the provider by hand (or is not there). The job ' +
      'forgets the addresses and succeeds (result.resolvedByHand). Admins only, in a session; audited on the ' +
      'contact (gdpr.erasureResolvedByHand).',
  })
  async resolveErasureJob(@Arg('jobId', () => ID) jobId: string, @Ctx() gctx: GqlContext): Promise<JobType> {
    return toJobType(await resolveErasureJob(serviceCtx(gctx), jobId));
  }
}
