import { ApiKeyEntity } from '../modules/api-key/api-key.entity';
import { AuditLogEntity } from '../modules/audit/audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { JobEntity } from '../modules/job/job.entity';
import { UserEntity } from '../modules/user/user.entity';
import { WorkspaceEntity } from '../modules/workspace/workspace.entity';

/** Every TypeORM entity. A module adds its entities here. */
export const entities = [WorkspaceEntity, UserEntity, SessionEntity, ApiKeyEntity, AuditLogEntity, JobEntity];
