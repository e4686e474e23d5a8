import path from 'node:path';
import type { Ctx } from '../../common/context';
import { type Locale, type MessageParams, translate } from '../../common/i18n';
import { EmailStatus } from '../email/email.entity';
import { sendSystemMail } from '../email/system-mail';
import type { JobResultFile } from '../job/job.entity';

export interface ExportMailInput {
  to: string;
  locale: Locale;
  jobId: string;
  listLabel: string;
  rows: number;
  files: JobResultFile[];
}

export interface ExportMailOutcome {
  sent: boolean;
  attached: boolean;
  /** Kept in the local outbox (no SMTP server): the id of the outbox email. */
  outboxEmailId?: string;
  reason?: string;
}

/**
 * Sends the finished export to the admin who asked: the files attached when they fit
 * under EXPORT_ATTACHMENT_MAX_BYTES, otherwise links to the job's downloads (which need a
 * signed-in session and expire with the files). Without SMTP_URL the mail is kept in the
 * local outbox with the links (the outbox keeps no attachments). `ctx` is the job's
 * workspace transaction, used only for the outbox.
 */
export async function mailExport(ctx: Ctx, input: ExportMailInput): Promise<ExportMailOutcome> {
  const cfg = ctx.deps.config;
  const total = input.files.reduce((sum, f) => sum + f.size, 0);
  const attached = Boolean(cfg.SMTP_URL) && total <= cfg.EXPORT_ATTACHMENT_MAX_BYTES;
  const t = (key: string, params?: MessageParams) => translate(input.locale, key, params);
  const lines = [
    t('export.mail.intro', { list: input.listLabel, rows: input.rows }),
    '',
    ...(attached
      ? [t('export.mail.attached')]
      : [
          // Without SMTP the outbox keeps no attachments: links whatever the size.
          t(cfg.SMTP_URL ? 'export.mail.links' : 'export.mail.download', { hours: cfg.EXPORT_FILE_TTL_HOURS }),
          ...input.files.map(
            (f, i) => `- ${f.name}: ${new URL(`/files/jobs/${input.jobId}/${i}`, cfg.PUBLIC_URL).toString()}`,
          ),
        ]),
  ];
  const outcome = await sendSystemMail(ctx, {
    key: `export:${input.jobId}`,
    to: { name: null, address: input.to },
    subject: t('export.mail.subject', { list: input.listLabel }),
    text: lines.join('\n'),
    attachments: attached
      ? input.files.map((f) => ({
          filename: f.name,
          path: path.resolve(cfg.STORAGE_DIR, f.path),
          contentType: f.contentType,
        }))
      : [],
  });
  if (outcome.status === EmailStatus.OUTBOX)
    return { sent: false, attached: false, outboxEmailId: outcome.emailId, reason: 'smtp-not-configured' };
  return { sent: true, attached };
}
