import { type Actor, inSession } from '../../common/actor';
import { EXPORT_JOB_KIND } from '../export/export.service';
import { GDPR_EXPORT_JOB_KIND } from '../gdpr/gdpr.service';
import { UserRole } from '../user/user.entity';

/**
 * Who may download a job's result files (and see their addresses). An export or a GDPR
 * export carries the client base or everything about a person, and was started by an admin
 * who proved who they were: only that admin, signed in (an API key has no password to
 * re-enter) and still an admin, downloads its files — not another admin, who did not. Other
 * jobs' files (import reports) follow the job's own access: whoever sees the job.
 */
export function mayDownloadJobFiles(
  actor: Pick<Actor, 'userId' | 'role' | 'apiKeyId'>,
  job: { kind: string; createdBy: string | null },
): boolean {
  if (job.kind !== EXPORT_JOB_KIND && job.kind !== GDPR_EXPORT_JOB_KIND) return true;
  return inSession(actor) && actor.role === UserRole.ADMIN && job.createdBy === actor.userId;
}
