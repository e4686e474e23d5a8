import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Ctx } from '../common/context';
import { activityLoaders } from '../modules/activity/activity.loaders';
import { billingAddressesByCompanyIds } from '../modules/company/billing-address.service';
import { BillingAddressEntity } from '../modules/company/billing-address.entity';
import { CompanyEntity } from '../modules/company/company.entity';
import { emailLoaders } from '../modules/email/email.loaders';
import { type ImportJobInfo, importInfoByJobIds } from '../modules/import/import.service';
import { ContactEntity } from '../modules/contact/contact.entity';
import { contactsByCompanyIds, erasedAtByContactIds } from '../modules/contact/contact.service';
import { countsByIds } from '../modules/record-list/counts';
import { mergedIntoByIds } from '../modules/search/merge.service';
import type { SettingOptionEntity } from '../modules/settings/setting-option.entity';
import { settingOptionsByIds } from '../modules/settings/settings.service';
import { UserEntity } from '../modules/user/user.entity';
import { WorkspaceEntity } from '../modules/workspace/workspace.entity';
import { EventEntity } from '../modules/event/event.entity';
import {
  contactCountsByEventIds,
  contactsByEventIds,
  eventCountsByCompanyIds,
  eventCountsByContactIds,
} from '../modules/event/event.service';
import {
  type FinanceLineEntity,
  InvoiceEntity,
  type InvoicePaymentEntity,
  QuoteEntity,
} from '../modules/finance/finance.entity';
import { paymentsByInvoiceIds } from '../modules/finance/payment.service';
import { creditNotesByInvoiceIds, invoicesByQuoteIds } from '../modules/finance/invoice.service';
import { linesByDocumentIds } from '../modules/finance/document-lines';

async function byIds<T extends { id: string }>(
  ctx: Ctx,
  entity: new () => T,
  ids: readonly string[],
): Promise<(T | null)[]> {
  const rows = await (await ctx.scope.manager()).findBy(entity, { id: In([...ids]) } as never);
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * Per-request DataLoaders, one per relation a list can show, so a page costs a fixed
 * number of statements. They run inside the request's workspace transaction, so the
 * workspace is part of every key by construction.
 */
export function createLoaders(ctx: () => Ctx) {
  return {
    user: new DataLoader<string, UserEntity | null>((ids) => byIds(ctx(), UserEntity, ids)),
    workspace: new DataLoader<string, WorkspaceEntity | null>((ids) => byIds(ctx(), WorkspaceEntity, ids)),
    company: new DataLoader<string, CompanyEntity | null>((ids) => byIds(ctx(), CompanyEntity, ids)),
    contact: new DataLoader<string, ContactEntity | null>((ids) => byIds(ctx(), ContactEntity, ids)),
    contactsByCompany: new DataLoader<string, ContactEntity[]>((ids) => contactsByCompanyIds(ctx(), ids)),
    billingAddress: new DataLoader<string, BillingAddressEntity | null>((ids) =>
      byIds(ctx(), BillingAddressEntity, ids),
    ),
    billingAddressesByCompany: new DataLoader<string, BillingAddressEntity[]>((ids) =>
      billingAddressesByCompanyIds(ctx(), ids),
    ),
    subsidiariesByCompany: new DataLoader<string, CompanyEntity[]>(async (ids) => {
      const rows = await (
        await ctx().scope.manager()
      )
        .createQueryBuilder(CompanyEntity, 'c')
        .where('c.parent_id IN (:...ids) AND c.deleted_at IS NULL', { ids: [...ids] })
        .orderBy('c.name', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .getMany();
      return ids.map((id) => rows.filter((r) => r.parentId === id));
    }),
    languageIdsByCompany: new DataLoader<string, string[]>(async (ids) => {
      const rows: { company_id: string; option_id: string }[] = await (
        await ctx().scope.manager()
      ).query(
        `SELECT cl.company_id, cl.option_id FROM company_language cl
         JOIN setting_option o ON o.id = cl.option_id
         WHERE cl.company_id = ANY($1::uuid[]) ORDER BY o.position, o.label`,
        [[...ids]],
      );
      return ids.map((id) => rows.filter((r) => r.company_id === id).map((r) => r.option_id));
    }),
    // The trash: what a deleted record was merged into (the kept record's id).
    mergedIntoCompany: new DataLoader<string, string | null>((ids) => mergedIntoByIds(ctx(), 'company', ids)),
    mergedIntoContact: new DataLoader<string, string | null>((ids) => mergedIntoByIds(ctx(), 'contact', ids)),
    contactErasedAt: new DataLoader<string, Date | null>((ids) => erasedAtByContactIds(ctx(), ids)),
    settingOption: new DataLoader<string, SettingOptionEntity | null>((ids) => settingOptionsByIds(ctx(), ids)),
    event: new DataLoader<string, EventEntity | null>((ids) => byIds(ctx(), EventEntity, ids)),
    contactsByEvent: new DataLoader<string, ContactEntity[]>((ids) => contactsByEventIds(ctx(), ids)),
    eventCountByCompany: new DataLoader<string, number>((ids) => eventCountsByCompanyIds(ctx(), ids)),
    eventCountByContact: new DataLoader<string, number>((ids) => eventCountsByContactIds(ctx(), ids)),
    contactCountByEvent: new DataLoader<string, number>((ids) => contactCountsByEventIds(ctx(), ids)),
    linesByQuote: new DataLoader<string, FinanceLineEntity[]>((ids) => linesByDocumentIds(ctx(), 'quote', ids)),
    linesByInvoice: new DataLoader<string, FinanceLineEntity[]>((ids) => linesByDocumentIds(ctx(), 'invoice', ids)),
    quote: new DataLoader<string, QuoteEntity | null>((ids) => byIds(ctx(), QuoteEntity, ids)),
    invoice: new DataLoader<string, InvoiceEntity | null>((ids) => byIds(ctx(), InvoiceEntity, ids)),
    invoicesByQuote: new DataLoader<string, InvoiceEntity[]>((ids) => invoicesByQuoteIds(ctx(), ids)),
    paymentsByInvoice: new DataLoader<string, InvoicePaymentEntity[]>((ids) => paymentsByInvoiceIds(ctx(), ids)),
    creditNoteByInvoice: new DataLoader<string, InvoiceEntity | null>((ids) => creditNotesByInvoiceIds(ctx(), ids)),
    // Counts shown by the lists; a list page computes them in its own statement and these
    // serve the same fields anywhere else (a company page, a contact's company).
    eventsCountByCompany: new DataLoader<string, number>((ids) => countsByIds(ctx(), 'companyEvents', ids)),
    contactsCountByCompany: new DataLoader<string, number>((ids) => countsByIds(ctx(), 'companyContacts', ids)),
    eventsCountByContact: new DataLoader<string, number>((ids) => countsByIds(ctx(), 'contactEvents', ids)),
    ...activityLoaders(ctx),
    ...emailLoaders(ctx),
    importInfoByJob: new DataLoader<string, ImportJobInfo | null>((ids) => importInfoByJobIds(ctx(), ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
