import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import { EmailKind, type EmailMessageEntity, EmailStatus, type EmailTemplateEntity } from './email.entity';

registerEnumType(EmailStatus, {
  name: 'EmailStatus',
  description: 'QUEUED, SENT, FAILED (see failureReason) or OUTBOX (kept locally: no SMTP server configured).',
});

registerEnumType(EmailKind, {
  name: 'EmailKind',
  description:
    "RECORD: sent from a company or a contact (see activity). SYSTEM: the app's own mail (an export, an invitation), with no record.",
});

@ObjectType('EmailRecipient')
export class EmailRecipientType {
  @Field(() => ID, { nullable: true }) contactId: string | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field() address: string;
}

@ObjectType('EmailMessage', {
  description: "An email sent from a company or a contact, or the app's own mail kept in the local outbox.",
})
export class EmailMessageType {
  @Field(() => ID) id: string;
  @Field(() => EmailKind) kind: EmailKind;
  @Field(() => EmailStatus) status: EmailStatus;
  @Field(() => String, { nullable: true }) failureReason: string | null;
  @Field(() => Int) attempts: number;
  @Field() from: string;
  @Field(() => String, {
    nullable: true,
    description: 'Where answers go: the sending user’s own address (From stays on MAIL_FROM); null for system mail.',
  })
  replyTo: string | null;
  @Field(() => [EmailRecipientType]) to: EmailRecipientType[];
  @Field(() => [String]) cc: string[];
  @Field(() => [String]) bcc: string[];
  @Field({ description: 'With the dynamic fields filled in.' }) subject: string;
  @Field() bodyText: string;
  @Field() bodyHtml: string;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field() createdAt: Date;
  activityId: string | null;
  attachmentIds: string[];
  quoteId: string | null;
  invoiceId: string | null;
  templateId: string | null;
  languageId: string | null;
}

export const toEmailMessage = (e: EmailMessageEntity): EmailMessageType => ({
  id: e.id,
  kind: e.kind,
  status: e.status,
  failureReason: e.failureReason,
  attempts: e.attempts,
  from: e.fromAddress,
  replyTo: e.replyTo,
  to: e.to,
  cc: e.cc,
  bcc: e.bcc,
  subject: e.subject,
  bodyText: e.bodyText,
  bodyHtml: e.bodyHtml,
  sentAt: e.sentAt,
  createdAt: e.createdAt,
  activityId: e.activityId,
  attachmentIds: e.attachmentIds,
  quoteId: e.quoteId,
  invoiceId: e.invoiceId,
  templateId: e.templateId,
  languageId: e.languageId,
});

@ObjectType('EmailPdfAttachment', {
  description: 'The PDF of the quote or invoice an email was sent with (rendered by the worker when it sent it).',
})
export class EmailPdfAttachmentType {
  @Field({ description: 'As attached, e.g. "Facture F-000012.pdf".' }) name: string;
  @Field({ description: "The document's PDF download (same session or API key)." }) downloadUrl: string;
  @Field(() => ID, { nullable: true }) quoteId: string | null;
  @Field(() => ID, { nullable: true }) invoiceId: string | null;
}

export const EmailMessageConnection = ConnectionType('EmailMessage', EmailMessageType);

@ObjectType('EmailTemplate')
export class EmailTemplateType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() subject: string;
  @Field() body: string;
  @Field() updatedAt: Date;
  languageId: string | null;
}

export const toEmailTemplate = (t: EmailTemplateEntity): EmailTemplateType => ({
  id: t.id,
  name: t.name,
  subject: t.subject,
  body: t.body,
  updatedAt: t.updatedAt,
  languageId: t.languageId,
});

@ObjectType('MergeField', { description: 'A dynamic field, written {{key}} in a subject or a message.' })
export class MergeFieldType {
  @Field() key: string;
  @Field({ description: "In the request's language." }) label: string;
}
