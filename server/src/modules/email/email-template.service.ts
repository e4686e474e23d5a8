import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { recordAudit } from '../audit/audit.service';
import { SettingList } from '../settings/setting-option.entity';
import { requireOption } from '../settings/settings.service';
import { EmailTemplateEntity } from './email.entity';
import type { EmailTemplateInput } from './email.inputs';
import { checkMergeFields } from './merge-fields';

const AUDITED = ['name', 'languageId', 'subject', 'body'];

/** Templates for the composer (any signed-in user), by name then language. */
export async function listEmailTemplates(ctx: Ctx): Promise<EmailTemplateEntity[]> {
  return (await em(ctx)).find(EmailTemplateEntity, { order: { name: 'ASC', languageId: 'ASC', id: 'ASC' } });
}

export async function getEmailTemplate(ctx: Ctx, id: string): Promise<EmailTemplateEntity> {
  const t = await (await em(ctx)).findOneBy(EmailTemplateEntity, { id: checkId(id, 'EmailTemplate') });
  if (!t) throw notFound('EmailTemplate');
  return t;
}

/**
 * The version of a template to use in a language: templates are grouped by name, so
 * picking "Relance" in English finds the English row of "Relance", else its
 * any-language row, else the row that was picked.
 */
export async function templateInLanguage(
  ctx: Ctx,
  template: EmailTemplateEntity,
  languageId: string | null,
): Promise<EmailTemplateEntity> {
  if (!languageId || template.languageId === languageId) return template;
  const manager = await em(ctx);
  const rows = await manager
    .createQueryBuilder(EmailTemplateEntity, 't')
    .where('lower(t.name) = lower(:name)', { name: template.name })
    .andWhere('(t.language_id = :languageId OR t.language_id IS NULL)', { languageId })
    .orderBy('t.language_id IS NULL', 'ASC')
    .getMany();
  return rows[0] ?? template;
}

async function validate(ctx: Ctx, input: EmailTemplateInput): Promise<EmailTemplateInput> {
  const errors = new FieldErrors();
  const name = input.name.replace(/\s+/g, ' ').trim();
  const subject = input.subject.trim();
  const body = input.body.trim();
  if (!name) errors.add(['input', 'name'], 'field.required');
  if (name.length > 200) errors.add(['input', 'name'], 'field.tooLong', { max: 200 });
  if (!subject) errors.add(['input', 'subject'], 'field.required');
  else checkMergeFields(subject, ['input', 'subject'], errors);
  if (!body) errors.add(['input', 'body'], 'field.required');
  else checkMergeFields(body, ['input', 'body'], errors);
  errors.throwIfAny();
  if (input.languageId)
    await requireOption(ctx, SettingList.LANGUAGE, input.languageId, ['input', 'languageId'], { allowHidden: false });
  return { name, subject, body, languageId: input.languageId ?? null };
}

async function saveUnique<T>(input: EmailTemplateInput, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
      throw badField(['input', 'name'], 'email.templateNameTaken', { name: input.name });
    throw err;
  }
}

export async function createEmailTemplate(ctx: Ctx, input: EmailTemplateInput): Promise<EmailTemplateEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const clean = await validate(ctx, input);
  const manager = await em(ctx);
  // A savepoint, so a duplicate name does not abort the request's transaction.
  const template = await saveUnique(clean, () =>
    manager.transaction((tx) =>
      tx.save(EmailTemplateEntity, { ...clean, workspaceId: ctx.actor.workspaceId, createdBy: ctx.actor.userId }),
    ),
  );
  await recordAudit(ctx, {
    entityType: 'EmailTemplate',
    entityId: template.id,
    action: 'create',
    after: { ...clean },
    fields: AUDITED,
  });
  return template;
}

export async function updateEmailTemplate(
  ctx: Ctx,
  id: string,
  input: EmailTemplateInput,
): Promise<EmailTemplateEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await getEmailTemplate(ctx, id);
  const clean = await validate(ctx, input);
  const manager = await em(ctx);
  await saveUnique(clean, () => manager.transaction((tx) => tx.update(EmailTemplateEntity, { id: current.id }, clean)));
  await recordAudit(ctx, {
    entityType: 'EmailTemplate',
    entityId: current.id,
    action: 'update',
    before: { ...current },
    after: { ...clean },
    fields: AUDITED,
  });
  return getEmailTemplate(ctx, id);
}

export async function deleteEmailTemplate(ctx: Ctx, id: string): Promise<boolean> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await getEmailTemplate(ctx, id);
  await (await em(ctx)).delete(EmailTemplateEntity, { id: current.id });
  await recordAudit(ctx, {
    entityType: 'EmailTemplate',
    entityId: current.id,
    action: 'delete',
    before: { ...current },
    fields: AUDITED,
  });
  return true;
}
