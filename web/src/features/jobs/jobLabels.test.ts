import { i18n } from '@/i18n';
import { jobKindKey } from './jobLabels';

// The kinds the server starts (EMAIL_SEND_JOB, TASK_ASSIGNMENT_MAIL_JOB, INVITATION_MAIL_JOB,
// EXPORT_JOB_KIND, IMPORT_JOB_KIND, SYNC_JOB_KIND, ERASURE_JOB_KIND, GDPR_EXPORT_JOB_KIND).
const SERVER_KINDS = [
  'email.send',
  'task.assignment',
  'user.invitation',
  'export',
  'import',
  'emailing.sync',
  'emailing.erase',
  'gdpr.export',
];

describe('job kind labels', () => {
  it('has a label for every kind the server starts, in both languages', () => {
    for (const locale of ['fr', 'en'] as const)
      for (const kind of SERVER_KINDS)
        expect([locale, kind, i18n.global.te(jobKindKey(kind), locale)]).toEqual([locale, kind, true]);
    expect(i18n.global.t(jobKindKey('email.send'), {}, { locale: 'en' })).toBe('Email sending');
    expect(i18n.global.t(jobKindKey('email.send'), {}, { locale: 'fr' })).toBe("Envoi d'e-mail");
  });
});
