import { exportJobHandler } from '../modules/export/export.job';
import { config } from '../config/env';
import { emailSendHandler } from '../modules/email/email.job';
import { importJobHandler } from '../modules/import/import.job';
import { emailingErasureHandler } from '../modules/emailing/erasure';
import { emailingSyncHandler } from '../modules/emailing/sync';
import { invitationMailHandler } from '../modules/user/invitation.job';
import { taskAssignmentMailHandler } from '../modules/activity/task-assignment.job';
import type { JobHandler } from './job-handler';

/**
 * The production job handlers. Each feature module that runs background work (imports,
 * exports, emails, provider syncs) adds its handler here.
 */
export function productionHandlers(): JobHandler[] {
  return [
    exportJobHandler,
    emailSendHandler(config()),
    importJobHandler(),
    emailingSyncHandler,
    emailingErasureHandler(config()),
    invitationMailHandler(config()),
    taskAssignmentMailHandler(config()),
  ];
}
