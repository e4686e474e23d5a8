import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import { EventType, toEvent } from '../event/event.types';
import { UserType, toUserType } from '../user/user.types';
import { nowOf } from '../../app-deps';
import { today } from '../event/dates';
import { DocumentOrder, quoteTotals, receivableTotals } from './document-list';
import { InvoiceKind, InvoiceStatus, PaymentKind, PaymentMethod, QuoteStatus } from './finance.entity';
import {
  CreateInvoiceInput,
  CreateQuoteInput,
  InvoiceFieldsInput,
  InvoiceFilter,
  InvoiceFromQuoteInput,
  QuoteFieldsInput,
  QuoteFilter,
  RecordPaymentInput,
  RecordRefundInput,
} from './finance.inputs';
import { financeSummary } from './finance-summary.service';
import {
  FinanceLineType,
  FinanceSummaryType,
  InvoiceConnection,
  InvoiceFromQuotePreviewType,
  InvoicePaymentType,
  InvoiceType,
  QuoteConnection,
  QuoteTotalsType,
  QuoteType,
  ReceivableTotalsType,
  toInvoice,
  toLine,
  toPayment,
  toQuote,
} from './finance.types';
import {
  cancelInvoice,
  createInvoice,
  createInvoiceFromQuote,
  getInvoice,
  issueInvoice,
  listInvoices,
  previewInvoiceFromQuote,
  updateInvoice,
} from './invoice.service';
import { invoicedAmount, remainingAmount } from './quote-invoicing';
import {
  balanceDue,
  cancelPayment,
  entriesTotal,
  markInvoicePaid,
  recordInvoicePayment,
  recordRefund,
  refundDue,
} from './payment.service';
import { createQuote, getQuote, listQuotes, reopenQuote, setQuoteStatus, updateQuote } from './quote.service';

/** Relations every document has, resolved through the request's loaders. */
async function companyOf(gctx: GqlContext, id: string): Promise<CompanyType> {
  const company = await gctx.loaders.company.load(id);
  if (!company) throw new Error(`document company ${id} missing`);
  return toCompany(company);
}
async function contactOf(gctx: GqlContext, id: string | null): Promise<ContactType | null> {
  const contact = id ? await gctx.loaders.contact.load(id) : null;
  return contact ? toContact(contact) : null;
}
async function eventOf(gctx: GqlContext, id: string | null): Promise<EventType | null> {
  const event = id ? await gctx.loaders.event.load(id) : null;
  return event ? toEvent(event) : null;
}

const SALESPERSON_FIELD = {
  nullable: true,
  description:
    "« Commercial »: the salesperson of the document's contact, else of its company's main contact (the salespersonId filter's rule).",
};

/** The document's salesperson, as SALESPERSON_SQL in document-list.ts says, through the loaders. */
async function salespersonOf(gctx: GqlContext, d: { contactId: string | null; companyId: string }) {
  const contact = d.contactId ? await gctx.loaders.contact.load(d.contactId) : null;
  let id = contact?.salespersonId ?? null;
  if (!id) {
    const company = await gctx.loaders.company.load(d.companyId);
    const main = company?.mainContactId ? await gctx.loaders.contact.load(company.mainContactId) : null;
    id = main?.salespersonId ?? null;
  }
  const user = id ? await gctx.loaders.user.load(id) : null;
  return user ? toUserType(user) : null;
}

@Resolver(() => QuoteType)
export class QuoteResolver {
  @Authorized()
  @Query(() => QuoteType)
  async quote(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<QuoteType> {
    return toQuote(await getQuote(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => QuoteConnection, { description: 'Quotes, newest first unless orderBy says otherwise.' })
  async quotes(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => QuoteFilter, { nullable: true }) filter?: QuoteFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => DocumentOrder, { nullable: true }) orderBy?: DocumentOrder,
  ): Promise<QuoteConnection> {
    const page = await listQuotes(serviceCtx(gctx), filter, first, after, orderBy);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toQuote(node) })) };
  }

  @Authorized()
  @Mutation(() => QuoteType, { description: 'New quote (numbered at once), for a company or a client created inline.' })
  async createQuote(@Arg('input') input: CreateQuoteInput, @Ctx() gctx: GqlContext): Promise<QuoteType> {
    return toQuote(await createQuote(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => QuoteType)
  async updateQuote(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: QuoteFieldsInput,
    @Ctx() gctx: GqlContext,
  ): Promise<QuoteType> {
    return toQuote(await updateQuote(serviceCtx(gctx), id, input));
  }

  @Authorized()
  @Mutation(() => QuoteType)
  async setQuoteStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => QuoteStatus) status: QuoteStatus,
    @Ctx() gctx: GqlContext,
  ): Promise<QuoteType> {
    return toQuote(await setQuoteStatus(serviceCtx(gctx), id, status));
  }

  @Authorized()
  @Mutation(() => QuoteType, {
    description: 'Reopens a refused quote to the status it had before the refusal (DRAFT if it was never sent).',
  })
  async reopenQuote(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<QuoteType> {
    return toQuote(await reopenQuote(serviceCtx(gctx), id));
  }

  @FieldResolver(() => [FinanceLineType])
  async lines(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<FinanceLineType[]> {
    return (await gctx.loaders.linesByQuote.load(q.id)).map(toLine);
  }

  @FieldResolver(() => CompanyType)
  async company(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    return companyOf(gctx, q.companyId);
  }

  @FieldResolver(() => ContactType, { nullable: true })
  async contact(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    return contactOf(gctx, q.contactId);
  }

  @FieldResolver(() => EventType, { nullable: true })
  async event(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<EventType | null> {
    return eventOf(gctx, q.eventId);
  }

  @FieldResolver(() => UserType, SALESPERSON_FIELD)
  async salesperson(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    return salespersonOf(gctx, q);
  }

  @FieldResolver(() => Boolean, {
    description: 'Sent and past its validity date (computed from today, Paris time; never stored).',
  })
  expired(@Root() q: QuoteType, @Ctx() gctx: GqlContext): boolean {
    return q.status === QuoteStatus.SENT && !!q.validUntil && q.validUntil < today(nowOf(gctx.deps));
  }

  @FieldResolver(() => [InvoiceType], {
    description:
      'The invoices made from this quote, oldest first (cancelled ones too); those not cancelled never exceed its total.',
  })
  async invoices(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<InvoiceType[]> {
    return (await gctx.loaders.invoicesByQuote.load(q.id)).map(toInvoice);
  }

  @FieldResolver(() => String, {
    description:
      'Total including tax of the invoices made from this quote and not cancelled, drafts included (decimal string).',
  })
  async invoicedAmount(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<string> {
    return invoicedAmount(await gctx.loaders.invoicesByQuote.load(q.id));
  }

  @FieldResolver(() => String, {
    description: "The quote's total less invoicedAmount: what is left to invoice (never below 0; decimal string).",
  })
  async remainingAmount(@Root() q: QuoteType, @Ctx() gctx: GqlContext): Promise<string> {
    return remainingAmount(q, await gctx.loaders.invoicesByQuote.load(q.id));
  }
}

@Resolver(() => InvoiceType)
export class InvoiceResolver {
  @Authorized()
  @Query(() => InvoiceType)
  async invoice(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await getInvoice(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => InvoiceConnection, {
    description:
      'Invoices and credit notes, newest first unless orderBy says otherwise; without companyId or contactId, the whole workspace.',
  })
  async invoices(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => InvoiceFilter, { nullable: true }) filter?: InvoiceFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => DocumentOrder, { nullable: true }) orderBy?: DocumentOrder,
  ): Promise<InvoiceConnection> {
    const page = await listInvoices(serviceCtx(gctx), filter, first, after, orderBy);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toInvoice(node) })) };
  }

  @Authorized()
  @Mutation(() => InvoiceType, { description: 'New draft invoice, for a company or a client created inline.' })
  async createInvoice(@Arg('input') input: CreateInvoiceInput, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await createInvoice(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description:
      "New draft invoice from a quote's client, address and event: the whole quote (default), a deposit or the balance (input.kind). The quote becomes accepted.",
  })
  async createInvoiceFromQuote(
    @Arg('quoteId', () => ID) quoteId: string,
    @Ctx() gctx: GqlContext,
    @Arg('input', () => InvoiceFromQuoteInput, { nullable: true }) input?: InvoiceFromQuoteInput | null,
  ): Promise<InvoiceType> {
    return toInvoice(await createInvoiceFromQuote(serviceCtx(gctx), quoteId, input));
  }

  @Authorized()
  @Query(() => InvoiceFromQuotePreviewType, {
    description:
      'The lines and amounts createInvoiceFromQuote would make now with this input, or its errors; nothing is saved.',
  })
  async invoiceFromQuotePreview(
    @Arg('quoteId', () => ID) quoteId: string,
    @Ctx() gctx: GqlContext,
    @Arg('input', () => InvoiceFromQuoteInput, { nullable: true }) input?: InvoiceFromQuoteInput | null,
  ): Promise<InvoiceFromQuotePreviewType> {
    const { part, lines, totals } = await previewInvoiceFromQuote(serviceCtx(gctx), quoteId, input);
    return {
      quotePart: part,
      lines: lines.map((l, i) => ({
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        vatRate: l.vatRate,
        totalExclTax: totals.lineTotals[i],
      })),
      vat: totals.vat,
      totalExclTax: totals.totalExclTax,
      totalTax: totals.totalTax,
      totalInclTax: totals.totalInclTax,
    };
  }

  @Authorized()
  @Mutation(() => InvoiceType, { description: 'Edits a draft; an issued invoice cannot be edited (CONFLICT).' })
  async updateInvoice(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: InvoiceFieldsInput,
    @Ctx() gctx: GqlContext,
  ): Promise<InvoiceType> {
    return toInvoice(await updateInvoice(serviceCtx(gctx), id, input));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description:
      "Gives a draft the next number of the workspace's series and today's date (redatedFrom: the draft's date when it differed), with the client's details of now. Admins only cancel it afterwards.",
  })
  async issueInvoice(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    const issued = await issueInvoice(serviceCtx(gctx), id);
    return { ...toInvoice(issued), redatedFrom: issued.redatedFrom };
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description:
      'Records one payment of the whole balance due, dated today (method OTHER unless given): the invoice is PAID.',
  })
  async markInvoicePaid(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
    @Arg('method', () => PaymentMethod, { nullable: true }) method?: PaymentMethod | null,
  ): Promise<InvoiceType> {
    return toInvoice(await markInvoicePaid(serviceCtx(gctx), id, method ?? undefined));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description: 'Records a (partial) payment on an issued invoice; it becomes PAID when nothing is left due.',
  })
  async recordInvoicePayment(@Arg('input') input: RecordPaymentInput, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await recordInvoicePayment(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description:
      'Records money paid back to the client on a credit note whose invoice had been paid (admins). Returns the credit note.',
  })
  async recordRefund(@Arg('input') input: RecordRefundInput, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await recordRefund(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description:
      'Cancels a wrongly recorded payment or refund (admins; kept for the books, left out of the sums). Returns its document.',
  })
  async cancelPayment(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await cancelPayment(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => InvoiceType, {
    description: 'Cancels a draft, or (admins) an issued invoice by issuing a credit note (see creditNote).',
  })
  async cancelInvoice(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<InvoiceType> {
    return toInvoice(await cancelInvoice(serviceCtx(gctx), id));
  }

  @FieldResolver(() => [FinanceLineType])
  async lines(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<FinanceLineType[]> {
    return (await gctx.loaders.linesByInvoice.load(i.id)).map(toLine);
  }

  @FieldResolver(() => CompanyType)
  async company(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    return companyOf(gctx, i.companyId);
  }

  @FieldResolver(() => ContactType, { nullable: true })
  async contact(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<ContactType | null> {
    return contactOf(gctx, i.contactId);
  }

  @FieldResolver(() => EventType, { nullable: true })
  async event(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<EventType | null> {
    return eventOf(gctx, i.eventId);
  }

  @FieldResolver(() => UserType, SALESPERSON_FIELD)
  async salesperson(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    return salespersonOf(gctx, i);
  }

  @FieldResolver(() => QuoteType, { nullable: true, description: 'The quote this invoice was made from.' })
  async quote(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<QuoteType | null> {
    const quote = i.quoteId ? await gctx.loaders.quote.load(i.quoteId) : null;
    return quote ? toQuote(quote) : null;
  }

  @FieldResolver(() => InvoiceType, { nullable: true, description: 'For a credit note: the invoice it cancels.' })
  async creditedInvoice(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<InvoiceType | null> {
    const invoice = i.creditedInvoiceId ? await gctx.loaders.invoice.load(i.creditedInvoiceId) : null;
    return invoice ? toInvoice(invoice) : null;
  }

  @FieldResolver(() => [InvoicePaymentType], {
    description:
      'Payments received (invoice) or refunds paid back (credit note), oldest first; cancelled ones left out.',
  })
  async payments(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<InvoicePaymentType[]> {
    return (await gctx.loaders.paymentsByInvoice.load(i.id)).map(toPayment);
  }

  @FieldResolver(() => String, { description: 'Invoice: the payments received (decimal string). Credit note: 0.' })
  async paidAmount(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<string> {
    return entriesTotal(await gctx.loaders.paymentsByInvoice.load(i.id), PaymentKind.PAYMENT);
  }

  @FieldResolver(() => String, {
    description: 'Invoice issued or paid: its total less the payments received. Otherwise 0.',
  })
  async balanceDue(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<string> {
    const paid = entriesTotal(await gctx.loaders.paymentsByInvoice.load(i.id), PaymentKind.PAYMENT);
    return balanceDue(i, paid);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Issued, something left to pay and the due date passed (computed from today, Paris time; never stored).',
  })
  async overdue(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<boolean> {
    if (i.kind !== InvoiceKind.INVOICE || i.status !== InvoiceStatus.ISSUED) return false;
    if (!i.dueDate || i.dueDate >= today(nowOf(gctx.deps))) return false;
    const paid = entriesTotal(await gctx.loaders.paymentsByInvoice.load(i.id), PaymentKind.PAYMENT);
    return Number(balanceDue(i, paid)) > 0;
  }

  @FieldResolver(() => String, { description: 'Credit note: the refunds paid back. Invoice: 0.' })
  async refundedAmount(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<string> {
    return entriesTotal(await gctx.loaders.paymentsByInvoice.load(i.id), PaymentKind.REFUND);
  }

  @FieldResolver(() => String, {
    description:
      'Credit note: what was received on the invoice it cancels, less the refunds recorded: still owed back. Invoice: 0.',
  })
  async refundDue(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<string> {
    if (i.kind !== InvoiceKind.CREDIT_NOTE || !i.creditedInvoiceId) return '0.00';
    const [received, own] = await Promise.all([
      gctx.loaders.paymentsByInvoice.load(i.creditedInvoiceId),
      gctx.loaders.paymentsByInvoice.load(i.id),
    ]);
    return refundDue(entriesTotal(received, PaymentKind.PAYMENT), entriesTotal(own, PaymentKind.REFUND));
  }

  @FieldResolver(() => InvoiceType, { nullable: true, description: 'The credit note that cancelled this invoice.' })
  async creditNote(@Root() i: InvoiceType, @Ctx() gctx: GqlContext): Promise<InvoiceType | null> {
    const credit = await gctx.loaders.creditNoteByInvoice.load(i.id);
    return credit ? toInvoice(credit) : null;
  }
}

@Resolver()
export class FinanceResolver {
  @Authorized()
  @Query(() => FinanceSummaryType, {
    description: "The finance tab's totals: give companyId (all the company's documents) or contactId (its own).",
  })
  async financeSummary(
    @Ctx() gctx: GqlContext,
    @Arg('companyId', () => ID, { nullable: true }) companyId?: string,
    @Arg('contactId', () => ID, { nullable: true }) contactId?: string,
  ): Promise<FinanceSummaryType> {
    return financeSummary(serviceCtx(gctx), { companyId, contactId });
  }

  @Authorized()
  @Query(() => ReceivableTotalsType, {
    description: "Totals of the invoices the filter selects (the invoices list's filter): left to collect, overdue.",
  })
  async invoiceTotals(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => InvoiceFilter, { nullable: true }) filter?: InvoiceFilter,
  ): Promise<ReceivableTotalsType> {
    return receivableTotals(serviceCtx(gctx), filter);
  }

  @Authorized()
  @Query(() => QuoteTotalsType, {
    description: "Totals of the quotes the filter selects (the quotes list's filter): amounts, open amount before tax.",
  })
  async quoteTotals(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => QuoteFilter, { nullable: true }) filter?: QuoteFilter,
  ): Promise<QuoteTotalsType> {
    return quoteTotals(serviceCtx(gctx), filter);
  }
}
