import { exportJobHandler } from '../modules/export/export.job';
import { type Config, config } from '../config/env';
import { emailSendHandler } from '../modules/email/email.job';
import { importJobHandler } from '../modules/import/import.job';
import { emailingErasureHandler } from '../modules/emailing/erasure';
import { emailingSyncHandler } from '../modules/emailing/sync';
import { invitationMailHandler } from '../modules/user/invitation.job';
import { taskAssignmentMailHandler } from '../modules/activity/task-assignment.job';
import { type JobHandler, jobOptionsOf } from './job-handler';
import type { JobDefaults } from './queue';

/**
 * The production job handlers. Each feature module that runs background work (imports,
 * exports, emails, provider syncs) adds its handler here.
 */
export function productionHandlers(cfg: Config = config()): JobHandler[] {
  return [
    exportJobHandler,
    emailSendHandler(cfg),
    importJobHandler(),
    emailingSyncHandler,
    emailingErasureHandler(cfg),
    invitationMailHandler(cfg),
    taskAssignmentMailHandler(cfg),
  ];
}

/**
 * The attempts and backoff a job of this kind is queued with: its handler's own (as the worker's
 * reconciliation does), the defaults for a kind without any. Read from the process's settings, so
 * the API re-queuing a job ("Relancer") gives it the same retries as the worker would.
 */
export function handlerJobOptions(cfg: Config, kind: string): JobDefaults {
  return jobOptionsOf(productionHandlers(cfg).find((h) => h.kind === kind));
}
