import nodemailer from 'nodemailer';
import path from 'node:path';
import type { AppDeps } from '../../app-deps';
import { type Locale, type MessageParams, translate } from '../../common/i18n';
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
  reason?: string;
}

/**
 * Sends the finished export to the admin who asked: the files attached when they fit
 * under EXPORT_ATTACHMENT_MAX_BYTES, otherwise links to the job's downloads (which need a
 * signed-in session and expire with the files).
 */
export async function mailExport(deps: AppDeps, input: ExportMailInput): Promise<ExportMailOutcome> {
  const cfg = deps.config;
  if (!cfg.SMTP_URL) return { sent: false, attached: false, reason: 'smtp-not-configured' };
  const total = input.files.reduce((sum, f) => sum + f.size, 0);
  const attached = total <= cfg.EXPORT_ATTACHMENT_MAX_BYTES;
  const t = (key: string, params?: MessageParams) => translate(input.locale, key, params);
  const lines = [
    t('export.mail.intro', { list: input.listLabel, rows: input.rows }),
    '',
    ...(attached
      ? [t('export.mail.attached')]
      : [
          t('export.mail.links', { hours: cfg.EXPORT_FILE_TTL_HOURS }),
          ...input.files.map(
            (f, i) => `- ${f.name}: ${new URL(`/files/jobs/${input.jobId}/${i}`, cfg.PUBLIC_URL).toString()}`,
          ),
        ]),
  ];
  const transport = nodemailer.createTransport(cfg.SMTP_URL);
  try {
    await transport.sendMail({
      from: cfg.MAIL_FROM,
      to: input.to,
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
  } finally {
    transport.close();
  }
  return { sent: true, attached };
}
