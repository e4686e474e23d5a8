import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { ActivityType, toActivity } from '../activity/activity.types';
import { DocumentType, toDocument } from '../document/document.types';
import { SettingOptionType } from '../settings/settings.resolver';
import { EmailTemplateInput, SendEmailInput } from './email.inputs';
import {
  createEmailTemplate,
  deleteEmailTemplate,
  listEmailTemplates,
  updateEmailTemplate,
} from './email-template.service';
import { getEmail, listOutbox, sendEmail } from './email.service';
import {
  EmailMessageConnection,
  EmailMessageType,
  EmailPdfAttachmentType,
  EmailTemplateType,
  MergeFieldType,
  toEmailMessage,
  toEmailTemplate,
} from './email.types';
import { MERGE_FIELDS } from './merge-fields';
import { emailedPdfName } from '../finance/print';

@Resolver(() => EmailMessageType)
export class EmailResolver {
  @Authorized()
  @Mutation(() => EmailMessageType, {
    description: 'Sends an email from a company or a contact (as a job) and logs it as an Email activity.',
  })
  async sendEmail(@Arg('input') input: SendEmailInput, @Ctx() gctx: GqlContext): Promise<EmailMessageType> {
    return toEmailMessage(await sendEmail(serviceCtx(gctx), input));
  }

  @Authorized()
  @Query(() => EmailMessageType)
  async emailMessage(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<EmailMessageType> {
    return toEmailMessage(await getEmail(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => EmailMessageConnection, {
    description:
      'Mail kept locally because no SMTP server is configured: record emails and, for admins, system mail (exports, invitations).',
  })
  async outbox(
    @Ctx() gctx: GqlContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const page = await listOutbox(serviceCtx(gctx), first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toEmailMessage(e.node) })) };
  }

  @Authorized()
  @Query(() => Boolean, {
    description:
      'Whether an SMTP server is configured (SMTP_URL). When false, every email (record emails and system mail) is kept in the local outbox instead of being sent.',
  })
  mailServerConfigured(@Ctx() gctx: GqlContext): boolean {
    return !!gctx.deps.config.SMTP_URL;
  }

  @Authorized()
  @Query(() => [MergeFieldType], { description: 'The dynamic fields of the composer menu.' })
  emailMergeFields(@Ctx() gctx: GqlContext): MergeFieldType[] {
    return MERGE_FIELDS.map((f) => ({ key: f.key, label: f.label[gctx.locale] }));
  }

  @Authorized()
  @Query(() => [EmailTemplateType])
  async emailTemplates(@Ctx() gctx: GqlContext): Promise<EmailTemplateType[]> {
    return (await listEmailTemplates(serviceCtx(gctx))).map(toEmailTemplate);
  }

  @Authorized('ADMIN')
  @Mutation(() => EmailTemplateType)
  async createEmailTemplate(
    @Arg('input') input: EmailTemplateInput,
    @Ctx() gctx: GqlContext,
  ): Promise<EmailTemplateType> {
    return toEmailTemplate(await createEmailTemplate(serviceCtx(gctx), input));
  }

  @Authorized('ADMIN')
  @Mutation(() => EmailTemplateType)
  async updateEmailTemplate(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: EmailTemplateInput,
    @Ctx() gctx: GqlContext,
  ): Promise<EmailTemplateType> {
    return toEmailTemplate(await updateEmailTemplate(serviceCtx(gctx), id, input));
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean)
  async deleteEmailTemplate(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<boolean> {
    return deleteEmailTemplate(serviceCtx(gctx), id);
  }

  @FieldResolver(() => ActivityType, {
    nullable: true,
    description: "The Email activity on the record's timeline; null for a system mail (kind SYSTEM).",
  })
  async activity(@Root() e: EmailMessageType, @Ctx() gctx: GqlContext): Promise<ActivityType | null> {
    if (!e.activityId) return null;
    const a = await gctx.loaders.activity.load(e.activityId);
    if (!a) throw new Error(`email ${e.id} has no activity`);
    return toActivity(a);
  }

  @FieldResolver(() => [DocumentType], { description: 'Attached documents that still exist.' })
  async attachments(@Root() e: EmailMessageType, @Ctx() gctx: GqlContext): Promise<DocumentType[]> {
    const docs = await gctx.loaders.document.loadMany(e.attachmentIds);
    return docs.flatMap((d) => (d && !(d instanceof Error) ? [toDocument(d)] : []));
  }

  @FieldResolver(() => EmailPdfAttachmentType, {
    nullable: true,
    description: 'The quote or invoice PDF attached (sendEmail with quoteId or invoiceId).',
  })
  async pdfAttachment(@Root() e: EmailMessageType, @Ctx() gctx: GqlContext): Promise<EmailPdfAttachmentType | null> {
    const doc = e.quoteId
      ? await gctx.loaders.quote.load(e.quoteId)
      : e.invoiceId
        ? await gctx.loaders.invoice.load(e.invoiceId)
        : null;
    if (!doc) return null;
    return {
      name: emailedPdfName(doc),
      downloadUrl: `/print/${e.quoteId ? 'quotes' : 'invoices'}/${doc.id}/pdf`,
      quoteId: e.quoteId,
      invoiceId: e.invoiceId,
    };
  }

  @FieldResolver(() => SettingOptionType, { nullable: true })
  async language(@Root() e: EmailMessageType, @Ctx() gctx: GqlContext) {
    return e.languageId ? gctx.loaders.settingOption.load(e.languageId) : null;
  }
}

@Resolver(() => EmailTemplateType)
export class EmailTemplateResolver {
  @FieldResolver(() => SettingOptionType, { nullable: true })
  async language(@Root() t: EmailTemplateType, @Ctx() gctx: GqlContext) {
    return t.languageId ? gctx.loaders.settingOption.load(t.languageId) : null;
  }
}

/** The email of an Email activity, on the timeline. */
@Resolver(() => ActivityType)
export class ActivityEmailResolver {
  @FieldResolver(() => EmailMessageType, { nullable: true, description: 'For an Email activity: the email.' })
  async email(@Root() a: ActivityType, @Ctx() gctx: GqlContext): Promise<EmailMessageType | null> {
    if (a.kind !== 'EMAIL') return null;
    const e = await gctx.loaders.emailByActivity.load(a.id);
    return e ? toEmailMessage(e) : null;
  }
}
