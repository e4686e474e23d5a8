import { ActivityEntity, TaskPostponementEntity } from '../modules/activity/activity.entity';
import { BillingAddressEntity } from '../modules/company/billing-address.entity';
import { CompanyEntity } from '../modules/company/company.entity';
import { ConsentEventEntity } from '../modules/consent/consent.entity';
import { ContactEntity } from '../modules/contact/contact.entity';
import { DocumentEntity } from '../modules/document/document.entity';
import {
  EmailingActivityEntity,
  EmailingCampaignEntity,
  EmailingConnectionEntity,
  EmailingWebhookEventEntity,
} from '../modules/emailing/emailing.entity';
import { ApiKeyEntity } from '../modules/api-key/api-key.entity';
import { AuditLogEntity } from '../modules/audit/audit.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { EmailMessageEntity, EmailTemplateEntity } from '../modules/email/email.entity';
import { JobEntity } from '../modules/job/job.entity';
import { ListViewEntity } from '../modules/list-view/list-view.entity';
import { SettingOptionEntity } from '../modules/settings/setting-option.entity';
import { UserEntity } from '../modules/user/user.entity';
import { WorkspaceEntity } from '../modules/workspace/workspace.entity';
import { EventEntity } from '../modules/event/event.entity';
import { FinanceLineEntity, InvoiceEntity, InvoicePaymentEntity, QuoteEntity } from '../modules/finance/finance.entity';
import { CustomFieldEntity } from '../modules/custom-field/custom-field.entity';
import { PageTemplateEntity, CustomPageEntity } from '../modules/custom-page/custom-page.entity';
import { PipelineColumnEntity } from '../modules/pipeline/pipeline.entity';
import { InvitationEntity } from '../modules/user/invitation.entity';

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
  EventEntity,
  QuoteEntity,
  InvoiceEntity,
  FinanceLineEntity,
  InvoicePaymentEntity,
  ListViewEntity,
  ActivityEntity,
  TaskPostponementEntity,
  DocumentEntity,
  EmailTemplateEntity,
  EmailMessageEntity,
  EmailingConnectionEntity,
  EmailingCampaignEntity,
  EmailingActivityEntity,
  EmailingWebhookEventEntity,
  CustomFieldEntity,
  PageTemplateEntity,
  CustomPageEntity,
  PipelineColumnEntity,
  InvitationEntity,
];
