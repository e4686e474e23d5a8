import { In, IsNull } from 'typeorm';
import { inSession, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { ActivityKind } from '../activity/activity.entity';
import { insertActivity } from '../activity/activity.service';
import { resolveRecord } from '../activity/record-ref';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { DocumentEntity } from '../document/document.entity';
import { checkEmailedDocument, markDocumentEmailed } from '../finance/document-email';
import { startJob } from '../job/job.service';
import { SettingList, SettingOptionEntity } from '../settings/setting-option.entity';
import { requireOption } from '../settings/settings.service';
import { UserEntity, UserRole } from '../user/user.entity';
import { normalizeEmail } from '../validation/contact-data';
import { EmailKind, EmailMessageEntity, type EmailRecipient, EmailStatus } from './email.entity';
import type { SendEmailInput } from './email.inputs';
import { getEmailTemplate, templateInLanguage } from './email-template.service';
import { type MergeContext, checkMergeFields, escapeHtml, mergeText } from './merge-fields';

export const EMAIL_SEND_JOB = 'email.send';
const MAX_RECIPIENTS = 50;
const MAX_SUBJECT = 300;

/** "Name <address>" of MAIL_FROM, split. */
export function parseMailFrom(value: string): { name: string | null; address: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  return m ? { name: m[1].trim() || null, address: m[2].trim() } : { name: null, address: value.trim() };
}

const formatAddress = (name: string | null, address: string) =>
  name ? `"${name.replace(/["\\\r\n]/g, '')}" <${address}>` : address;

/** Plain text to simple HTML: escaped, paragraphs and line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** HTML to a readable plain-text alternative. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function checkAddresses(list: string[] | null | undefined, field: string, errors: FieldErrors): string[] {
  const out: string[] = [];
  (list ?? []).forEach((raw, i) => {
    const r = normalizeEmail(raw);
    if (!r.ok || !r.value) errors.add(['input', field, i], 'field.email');
    else if (!out.includes(r.value)) out.push(r.value);
  });
  return out;
}

async function mergeContextFor(ctx: Ctx, contact: ContactEntity): Promise<MergeContext> {
  const manager = await em(ctx);
  const [civility, company, salesperson, sender] = await Promise.all([
    contact.civilityId ? manager.findOneBy(SettingOptionEntity, { id: contact.civilityId }) : null,
    manager.findOneBy(CompanyEntity, { id: contact.companyId }),
    contact.salespersonId ? manager.findOneBy(UserEntity, { id: contact.salespersonId }) : null,
    ctx.actor.userId ? manager.findOneBy(UserEntity, { id: ctx.actor.userId }) : null,
  ]);
  return {
    contact: {
      civility: civility?.label ?? null,
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      position: contact.position,
    },
    companyName: company?.name ?? null,
    salesperson: salesperson ? { name: salesperson.name, email: salesperson.email } : null,
    sender: sender ? { name: sender.name, email: sender.email } : null,
  };
}

/** The company a record belongs to: attachments may come from any record of that company. */
async function companyOf(ctx: Ctx, ref: { companyId: string | null; contact: ContactEntity | null }): Promise<string> {
  return ref.companyId ?? (ref.contact as ContactEntity).companyId;
}

/**
 * Records an email sent from a company or a contact and hands it to the worker: the
 * Email activity appears on the record's timeline at once with the status QUEUED, and on
 * each recipient contact's (activity_contact), so on their companies' too. The
 * same idempotency key returns the first email and sends nothing more.
 */
export async function sendEmail(ctx: Ctx, input: SendEmailInput): Promise<EmailMessageEntity> {
  requireWrite(ctx.actor);
  const key = input.idempotencyKey?.trim() ?? '';
  if (key.length < 8 || key.length > 100) throw badField(['input', 'idempotencyKey'], 'email.idempotencyKey');
  const manager = await em(ctx);
  const existing = await manager.findOneBy(EmailMessageEntity, { idempotencyKey: key });
  if (existing) return existing;

  const ref = await resolveRecord(ctx, input, ['input']);
  const errors = new FieldErrors();
  if (!input.toContactIds.length) errors.add(['input', 'toContactIds'], 'email.recipientRequired');
  const cc = checkAddresses(input.cc, 'cc', errors);
  const bcc = checkAddresses(input.bcc, 'bcc', errors);
  if (input.toContactIds.length + cc.length + bcc.length > MAX_RECIPIENTS)
    errors.add(['input', 'toContactIds'], 'email.tooManyRecipients', { max: MAX_RECIPIENTS });
  const ids = input.toContactIds.filter(isUuid);
  const contacts = ids.length ? await manager.findBy(ContactEntity, { id: In(ids), deletedAt: IsNull() }) : [];
  const to: EmailRecipient[] = [];
  const toContacts: ContactEntity[] = [];
  input.toContactIds.forEach((id, i) => {
    const c = contacts.find((x) => x.id === id);
    if (!c) return errors.add(['input', 'toContactIds', i], 'email.contactUnknown');
    if (!c.email) return errors.add(['input', 'toContactIds', i], 'email.contactNoEmail');
    if (to.some((r) => r.contactId === c.id)) return;
    to.push({ contactId: c.id, name: [c.firstName, c.lastName].filter(Boolean).join(' ') || null, address: c.email });
    toContacts.push(c);
  });
  errors.throwIfAny();

  let languageId: string | null = null;
  if (input.languageId) {
    await requireOption(ctx, SettingList.LANGUAGE, input.languageId, ['input', 'languageId'], { allowHidden: true });
    languageId = input.languageId;
  }
  const template = input.templateId
    ? await templateInLanguage(ctx, await getEmailTemplate(ctx, input.templateId), languageId)
    : null;
  if (input.categoryId)
    await requireOption(ctx, SettingList.ACTIVITY_CATEGORY, input.categoryId, ['input', 'categoryId'], {
      allowHidden: false,
    });

  const subject = (input.subject?.trim() || template?.subject || '').replace(/[\r\n]+/g, ' ');
  const text = input.text?.trim() || (input.html?.trim() ? null : template?.body?.trim() || null);
  const html = input.html?.trim() || null;
  if (!subject) errors.add(['input', 'subject'], 'field.required');
  else if (subject.length > MAX_SUBJECT) errors.add(['input', 'subject'], 'field.tooLong', { max: MAX_SUBJECT });
  else checkMergeFields(subject, ['input', 'subject'], errors);
  if (!text && !html) errors.add(['input', 'text'], 'email.bodyRequired');
  checkMergeFields(text, ['input', 'text'], errors);
  checkMergeFields(html, ['input', 'html'], errors);
  errors.throwIfAny();

  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  if (attachmentIds.length) {
    const companyId = await companyOf(ctx, ref);
    const valid = attachmentIds.filter(isUuid);
    const docs = valid.length
      ? await manager
          .createQueryBuilder(DocumentEntity, 'd')
          .where('d.id IN (:...ids) AND d.deleted_at IS NULL', { ids: valid })
          .andWhere(
            '(d.company_id = :companyId OR d.contact_id IN (SELECT c.id FROM contact c WHERE c.company_id = :companyId))',
            { companyId },
          )
          .getMany()
      : [];
    attachmentIds.forEach((id, i) => {
      if (!docs.some((d) => d.id === id)) errors.add(['input', 'attachmentIds', i], 'email.attachmentUnknown');
    });
    errors.throwIfAny();
  }
  // A quote or invoice whose PDF the worker attaches (locked: it is marked sent below).
  const financeDoc = await checkEmailedDocument(ctx, input, await companyOf(ctx, ref));

  // One message goes to every recipient, so the dynamic fields must read the same for each:
  // "Bonjour {{contact.firstName}}" to three contacts would greet all three by the first
  // one's name. Such a message is refused, naming the recipients (one email each instead).
  const merged = async (contact: ContactEntity) => {
    const merge = await mergeContextFor(ctx, contact);
    const bodyText = mergeText(text ?? htmlToText(html as string), merge, { html: false });
    const bodyHtml = html ? mergeText(html, merge, { html: true }) : textToHtml(bodyText);
    return { merge, bodyText, bodyHtml, mergedSubject: mergeText(subject, merge, { html: false }) };
  };
  const { merge, bodyText, bodyHtml, mergedSubject } = await merged(toContacts[0]);
  if (toContacts.length > 1 && /\{\{/.test(`${subject}${text ?? ''}${html ?? ''}`)) {
    for (const other of toContacts.slice(1)) {
      const o = await merged(other);
      if (o.bodyText !== bodyText || o.bodyHtml !== bodyHtml || o.mergedSubject !== mergedSubject)
        throw badField(['input', 'toContactIds'], 'email.personalisedForMany');
    }
  }
  const from = parseMailFrom(ctx.deps.config.MAIL_FROM);
  const fromAddress = formatAddress(merge.sender?.name ?? from.name, from.address);
  const replyTo = merge.sender?.email ? formatAddress(merge.sender.name, merge.sender.email) : null;

  const activity = await insertActivity(ctx, manager, {
    kind: ActivityKind.EMAIL,
    companyId: ref.companyId,
    contactId: ref.contactId,
    categoryId: input.categoryId ?? null,
    comment: mergedSubject,
    occurredAt: new Date(),
    authorId: ctx.actor.userId,
  });
  // ON CONFLICT: a concurrent request with the same key committed first; keep its email.
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO email_message (workspace_id, kind, activity_id, idempotency_key, status, from_address, to_recipients,
       cc, bcc, subject, body_text, body_html, attachment_ids, template_id, language_id, created_by, reply_to,
       quote_id, invoice_id)
     VALUES ($1, 'RECORD', $2, $3, 'QUEUED', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id`,
    [
      ctx.actor.workspaceId,
      activity.id,
      key,
      fromAddress,
      JSON.stringify(to),
      cc,
      bcc,
      mergedSubject,
      bodyText,
      bodyHtml,
      attachmentIds,
      template?.id ?? null,
      languageId,
      ctx.actor.userId,
      replyTo,
      financeDoc?.kind === 'quote' ? financeDoc.quote.id : null,
      financeDoc?.kind === 'invoice' ? financeDoc.invoice.id : null,
    ],
  );
  if (!inserted.length) {
    await manager.query('DELETE FROM activity WHERE id = $1', [activity.id]);
    return (await manager.findOneBy(EmailMessageEntity, { idempotencyKey: key })) as EmailMessageEntity;
  }
  // The one Email activity also belongs on each recipient's timeline (and so on their
  // company's), wherever the email was sent from.
  const others = toContacts.filter((c) => c.id !== ref.contactId).map((c) => c.id);
  if (others.length)
    await manager.query(
      `INSERT INTO activity_contact (workspace_id, activity_id, contact_id)
       SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [ctx.actor.workspaceId, activity.id, others],
    );
  if (financeDoc) await markDocumentEmailed(ctx, financeDoc);
  const maxAttempts = ctx.deps.config.MAIL_SEND_ATTEMPTS;
  const job = await startJob(
    ctx,
    EMAIL_SEND_JOB,
    { emailId: inserted[0].id, maxAttempts },
    { attempts: maxAttempts, backoffMs: ctx.deps.config.MAIL_RETRY_DELAY_MS },
  );
  await manager.update(EmailMessageEntity, { id: inserted[0].id }, { jobId: job.id });
  return getEmail(ctx, inserted[0].id);
}

/**
 * System mail carries invitation and download links: only admins in a session see it (they can
 * make a new invitation link or export anyway); other users, and API keys of any scope (which
 * may not manage users either), see the emails sent from records. An invitation link in a
 * key's hands would let it sign in as the invited user.
 */
const seesSystemMail = (ctx: Ctx) => ctx.actor.role === UserRole.ADMIN && inSession(ctx.actor);

export async function getEmail(ctx: Ctx, id: string): Promise<EmailMessageEntity> {
  const email = await (await em(ctx)).findOneBy(EmailMessageEntity, { id: checkId(id, 'EmailMessage') });
  if (!email || (email.kind === EmailKind.SYSTEM && !seesSystemMail(ctx))) throw notFound('EmailMessage');
  return email;
}

/**
 * The local outbox: mail kept because no SMTP server is configured, newest first; record
 * emails and, for admins, system mail (exports, invitations).
 */
export async function listOutbox(
  ctx: Ctx,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<EmailMessageEntity>> {
  const size = checkPageSize(first);
  const manager = await em(ctx);
  const base = () => {
    const q = manager.createQueryBuilder(EmailMessageEntity, 'e').where("e.status = 'OUTBOX'");
    return seesSystemMail(ctx) ? q : q.andWhere('e.kind = :kind', { kind: EmailKind.RECORD });
  };
  const page = base()
    .orderBy('e.createdAt', 'DESC')
    .addOrderBy('e.id', 'DESC')
    .take(size + 1);
  if (after) {
    const [createdAt, id] = decodeCursor(after, 2) as [string, string];
    page.andWhere('(e.created_at, e.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(rows, size, (e) => [e.createdAt.toISOString(), e.id], totalCount);
}

/** Batch function for the per-request DataLoader: the email of each Email activity. */
export async function emailsByActivityIds(ctx: Ctx, ids: readonly string[]): Promise<(EmailMessageEntity | null)[]> {
  const rows = await (await em(ctx)).findBy(EmailMessageEntity, { activityId: In([...ids]) });
  return ids.map((id) => rows.find((r) => r.activityId === id) ?? null);
}

export { EmailStatus };
