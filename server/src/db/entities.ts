import { BillingAddressEntity } from '../modules/company/billing-address.entity';
import { CompanyEntity } from '../modules/company/company.entity';
import { ConsentEventEntity } from '../modules/consent/consent.entity';
import { ContactEntity } from '../modules/contact/contact.entity';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity';
import { AuditLogEntity } from '../modules/audit/audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { JobEntity } from '../modules/job/job.entity';
import { SettingOptionEntity } from '../modules/settings/setting-option.entity';
import { UserEntity } from '../modules/user/user.entity';
import { WorkspaceEntity } from '../modules/workspace/workspace.entity';
import { CustomFieldEntity } from '../modules/custom-field/custom-field.entity';
import { PageTemplateEntity, CustomPageEntity } from '../modules/custom-page/custom-page.entity';
import { PipelineColumnEntity } from '../modules/pipeline/pipeline.entity';

/** Every TypeORM entity. A module adds its entities here. */
export const entities = [
  WorkspaceEntity,
  UserEntity,
  SessionEntity,
  ApiKeyEntity,
  AuditLogEntity,
  JobEntity,
  SettingOptionEntity,
  CompanyEntity,
  ContactEntity,
  BillingAddressEntity,
  ConsentEventEntity,
  CustomFieldEntity,
  PageTemplateEntity,
  CustomPageEntity,
  PipelineColumnEntity,
];
