import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import {
  type FinanceLineEntity,
  type InvoiceEntity,
  type InvoicePaymentEntity,
  InvoiceKind,
  InvoiceStatus,
  PaymentKind,
  PaymentMethod,
  type QuoteEntity,
  QuotePart,
  QuoteStatus,
} from './finance.entity';

const AMOUNT = { description: 'Decimal string in euros with 2 decimals, e.g. "1250.50".' };

@ObjectType('FinanceLine')
export class FinanceLineType {
  @Field(() => ID) id: string;
  @Field() description: string;
  @Field({ description: 'Decimal string, 3 decimals.' }) quantity: string;
  @Field(AMOUNT) unitPrice: string;
  @Field({ description: 'Percent, decimal string.' }) vatRate: string;
  @Field({ description: 'Percent, decimal string.' }) discountPercent: string;
  @Field(AMOUNT) totalExclTax: string;
}

export const toLine = (l: FinanceLineEntity): FinanceLineType => ({
  id: l.id,
  description: l.description,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  vatRate: l.vatRate,
  discountPercent: l.discountPercent,
  totalExclTax: l.totalExclTax,
});

@ObjectType('VatAmount', { description: 'VAT of one rate: the base (before tax) and the tax.' })
export class VatAmountType {
  @Field() rate: string;
  @Field(AMOUNT) base: string;
  @Field(AMOUNT) tax: string;
}

@ObjectType('DocumentAddress', { description: 'The billing address as copied onto the document.' })
export class DocumentAddressType {
  @Field(() => String, { nullable: true }) label: string | null;
  @Field(() => String, { nullable: true }) addressLine1: string | null;
  @Field(() => String, { nullable: true }) addressLine2: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
}

@ObjectType('FinanceSummary', { description: 'Totals including tax, in euros (decimal strings).' })
export class FinanceSummaryType {
  @Field({ description: 'Quotes not refused.' }) quoted: string;
  @Field({ description: 'Issued invoices, credit notes deducted.' }) invoiced: string;
  @Field({ description: 'Money received: the payments recorded on invoices, also when cancelled since.' })
  paid: string;
  @Field({ description: 'Balance due of the invoices issued and not cancelled.' }) outstanding: string;
  @Field({
    description:
      'Received on invoices cancelled since (by a credit note) and not refunded yet: owed back to the client.',
  })
  refundDue: string;
}

@ObjectType('ReceivableTotals', { description: 'Totals of the invoices a filter selects (decimal strings, euros).' })
export class ReceivableTotalsType {
  @Field(() => Int, { description: 'Invoices and credit notes selected.' }) count: number;
  @Field({ description: 'Balance due of the issued invoices: left to collect.' }) outstanding: string;
  @Field({ description: 'The part of outstanding that is overdue (due date passed).' }) overdue: string;
}

@ObjectType('QuoteTotals', { description: 'Totals of the quotes a filter selects (decimal strings, euros).' })
export class QuoteTotalsType {
  @Field(() => Int, { description: 'Quotes selected.' }) count: number;
  @Field({ description: 'Their total before tax.' }) totalExclTax: string;
  @Field({ description: 'Their total including tax.' }) totalInclTax: string;
  @Field({
    description: 'Total before tax of the open ones (draft or sent, not expired): what can still be signed.',
  })
  openExclTax: string;
}

/** Fields of quotes and invoices (type-graphql copies the decorated fields into each subclass). */
@ObjectType()
abstract class FinanceDocumentType {
  @Field(() => ID) id: string;
  @Field({ description: 'YYYY-MM-DD' }) issueDate: string;
  @Field() clientName: string;
  @Field(() => String, { nullable: true }) clientSiret: string | null;
  @Field(() => String, { nullable: true }) clientVatNumber: string | null;
  @Field(() => DocumentAddressType, { description: 'The billing address as copied onto the document.' })
  billingAddress: DocumentAddressType;
  @Field(() => ID, {
    nullable: true,
    description:
      "The company's billing address picked on the document; null: it follows the company's default address (copied again when an invoice is issued or a quote sent).",
  })
  chosenBillingAddressId: string | null;
  @Field() currency: string;
  @Field(AMOUNT) totalExclTax: string;
  @Field(AMOUNT) totalTax: string;
  @Field(AMOUNT) totalInclTax: string;
  @Field(() => [VatAmountType], { description: 'VAT per rate, lowest rate first.' }) vat: VatAmountType[];
  @Field(() => String, { nullable: true }) notes: string | null;
  @Field({ description: 'The printable HTML view (same session or API key).' }) printUrl: string;
  @Field({ description: 'The PDF file, e.g. "Facture F-000012.pdf" (same session or API key).' }) pdfUrl: string;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  companyId: string;
  contactId: string | null;
  eventId: string | null;
}

@ObjectType('Quote')
export class QuoteType extends FinanceDocumentType {
  @Field() number: string;
  @Field(() => QuoteStatus) status: QuoteStatus;
  @Field(() => String, { nullable: true }) validUntil: string | null;
}

@ObjectType('Invoice', { description: 'An invoice or a credit note.' })
export class InvoiceType extends FinanceDocumentType {
  @Field(() => InvoiceKind) kind: InvoiceKind;
  @Field(() => String, { nullable: true, description: 'Given at issue time; drafts have none.' })
  number: string | null;
  @Field(() => InvoiceStatus) status: InvoiceStatus;
  @Field(() => String, { nullable: true }) dueDate: string | null;
  @Field(() => Date, { nullable: true }) issuedAt: Date | null;
  @Field(() => Date, { nullable: true }) paidAt: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was last e-mailed (sendEmail with invoiceId).' })
  sentAt: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Only in issueInvoice's result: the date (YYYY-MM-DD) the draft carried when issuing dated the invoice today instead. Null otherwise.",
  })
  redatedFrom?: string | null;
  @Field(() => QuotePart, {
    nullable: true,
    description: 'Made from a quote: the whole quote, a deposit or the balance. Otherwise null.',
  })
  quotePart: QuotePart | null;
  quoteId: string | null;
  creditedInvoiceId: string | null;
}

@ObjectType('PreviewLine', { description: 'A line of a document not saved yet.' })
export class PreviewLineType {
  @Field() description: string;
  @Field({ description: 'Decimal string, 3 decimals.' }) quantity: string;
  @Field(AMOUNT) unitPrice: string;
  @Field({ description: 'Percent, decimal string.' }) vatRate: string;
  @Field(AMOUNT) totalExclTax: string;
}

@ObjectType('InvoiceFromQuotePreview', {
  description: 'What createInvoiceFromQuote would make now with the same input (nothing is saved).',
})
export class InvoiceFromQuotePreviewType {
  @Field(() => QuotePart) quotePart: QuotePart;
  @Field(() => [PreviewLineType]) lines: PreviewLineType[];
  @Field(() => [VatAmountType], { description: 'VAT per rate, lowest rate first.' }) vat: VatAmountType[];
  @Field(AMOUNT) totalExclTax: string;
  @Field(AMOUNT) totalTax: string;
  @Field(AMOUNT) totalInclTax: string;
}

@ObjectType('InvoicePayment', { description: 'Money received on an invoice, or paid back on a credit note.' })
export class InvoicePaymentType {
  @Field(() => ID) id: string;
  @Field(() => PaymentKind) kind: PaymentKind;
  @Field(AMOUNT) amount: string;
  @Field({ description: 'YYYY-MM-DD: when the money was received or paid back.' }) date: string;
  @Field(() => PaymentMethod) method: PaymentMethod;
  @Field(() => String, { nullable: true }) reference: string | null;
  @Field() createdAt: Date;
}

export const toPayment = (p: InvoicePaymentEntity): InvoicePaymentType => ({
  id: p.id,
  kind: p.kind,
  amount: p.amount,
  date: p.paidOn,
  method: p.method,
  reference: p.reference,
  createdAt: p.createdAt,
});

function common(d: QuoteEntity | InvoiceEntity, kind: 'quotes' | 'invoices') {
  return {
    id: d.id,
    issueDate: d.issueDate,
    clientName: d.clientName,
    clientSiret: d.clientSiret,
    clientVatNumber: d.clientVatNumber,
    billingAddress: {
      label: d.billingLabel,
      addressLine1: d.billingAddressLine1,
      addressLine2: d.billingAddressLine2,
      postalCode: d.billingPostalCode,
      city: d.billingCity,
      country: d.billingCountry,
    },
    chosenBillingAddressId: d.billingAddressChosen ? d.billingAddressId : null,
    currency: d.currency,
    totalExclTax: d.totalExclTax,
    totalTax: d.totalTax,
    totalInclTax: d.totalInclTax,
    vat: d.vatBreakdown,
    notes: d.notes,
    printUrl: `/print/${kind}/${d.id}`,
    pdfUrl: `/print/${kind}/${d.id}/pdf`,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    companyId: d.companyId,
    contactId: d.contactId,
    eventId: d.eventId,
  };
}

export const toQuote = (q: QuoteEntity): QuoteType => ({
  ...common(q, 'quotes'),
  number: q.number,
  status: q.status,
  validUntil: q.validUntil,
});

export const toInvoice = (i: InvoiceEntity): InvoiceType => ({
  ...common(i, 'invoices'),
  kind: i.kind,
  number: i.number,
  status: i.status,
  dueDate: i.dueDate,
  issuedAt: i.issuedAt,
  paidAt: i.paidAt,
  cancelledAt: i.cancelledAt,
  sentAt: i.sentAt,
  quotePart: i.quotePart,
  quoteId: i.quoteId,
  creditedInvoiceId: i.creditedInvoiceId,
});

export const QuoteConnection = ConnectionType('Quote', QuoteType);
export type QuoteConnection = InstanceType<typeof QuoteConnection>;
export const InvoiceConnection = ConnectionType('Invoice', InvoiceType);
export type InvoiceConnection = InstanceType<typeof InvoiceConnection>;
