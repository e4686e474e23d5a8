import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { type AuthChecker, buildSchema } from 'type-graphql';
import { ActivityResolver } from '../modules/activity/activity.resolver';
import { ApiKeyResolver } from '../modules/api-key/api-key.resolver';
import { AuditResolver } from '../modules/audit/audit.resolver';
import { AuthResolver } from '../modules/auth/auth.resolver';
import { CompanyResolver } from '../modules/company/company.resolver';
import { ContactResolver } from '../modules/contact/contact.resolver';
import { ExportResolver } from '../modules/export/export.resolver';
import { DocumentResolver } from '../modules/document/document.resolver';
import { ActivityEmailResolver, EmailResolver, EmailTemplateResolver } from '../modules/email/email.resolver';
import { ImportJobResolver, ImportResolver } from '../modules/import/import.resolver';
import { ContactEmailingResolver, EmailingResolver } from '../modules/emailing/emailing.resolver';
import { JobResolver } from '../modules/job/job.resolver';
import { ListViewResolver } from '../modules/list-view/list-view.resolver';
import { BulkResolver } from '../modules/record-list/bulk.resolver';
import { CompanyListResolver, ContactListResolver } from '../modules/record-list/record-list.resolver';
import { SearchResolver } from '../modules/search/search.resolver';
import { SettingsResolver } from '../modules/settings/settings.resolver';
import { UserResolver } from '../modules/user/user.resolver';
import { CompanyEventsResolver, ContactEventsResolver, EventResolver } from '../modules/event/event.resolver';
import { DocumentEmailResolver } from '../modules/finance/document-email.resolver';
import { InvoiceResolver, QuoteResolver, FinanceResolver } from '../modules/finance/finance.resolver';
import {
  CompanyCustomFieldsResolver,
  ContactCustomFieldsResolver,
  CustomFieldResolver,
} from '../modules/custom-field/custom-field.resolver';
import { CustomPageResolver } from '../modules/custom-page/custom-page.resolver';
import { PipelineResolver } from '../modules/pipeline/pipeline.resolver';
import { GdprResolver } from '../modules/gdpr/gdpr.resolver';
import { WorkspaceResolver } from '../modules/workspace/workspace.resolver';
import { forbidden, unauthenticated } from '../common/errors';
import type { GqlContext } from './context';

/** Every resolver of the API. A module adds its resolvers here. */
export const resolvers = [
  AuthResolver,
  UserResolver,
  WorkspaceResolver,
  ApiKeyResolver,
  JobResolver,
  ImportJobResolver,
  AuditResolver,
  SettingsResolver,
  CompanyResolver,
  ContactResolver,
  ExportResolver,
  EventResolver,
  CompanyEventsResolver,
  ContactEventsResolver,
  QuoteResolver,
  InvoiceResolver,
  FinanceResolver,
  DocumentEmailResolver,
  CompanyListResolver,
  ContactListResolver,
  BulkResolver,
  ListViewResolver,
  SearchResolver,
  ActivityResolver,
  DocumentResolver,
  EmailResolver,
  EmailTemplateResolver,
  ActivityEmailResolver,
  ImportResolver,
  EmailingResolver,
  ContactEmailingResolver,
  CustomFieldResolver,
  CompanyCustomFieldsResolver,
  ContactCustomFieldsResolver,
  CustomPageResolver,
  PipelineResolver,
  GdprResolver,
] as const;

/** @Authorized() needs a signed-in actor; @Authorized('ADMIN') an admin. */
const authChecker: AuthChecker<GqlContext> = ({ context }, roles) => {
  if (!context.actor) throw unauthenticated();
  if (roles.length && !roles.includes(context.actor.role)) throw forbidden();
  return true;
};

export async function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed as schema.graphql: sorted, so it only changes when the API does. */
export async function emitSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
