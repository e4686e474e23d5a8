import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ContactFieldsInput, CreateCompanyInput } from '../company/company.inputs';
import { DocumentOrder } from './document-list';
import { InvoiceKind, InvoiceStatus, PaymentKind, PaymentMethod, QuotePart, QuoteStatus } from './finance.entity';

registerEnumType(DocumentOrder, {
  name: 'DocumentOrder',
  description:
    'Order of the quote and invoice lists: newest first (default), due date (a quote: its validity date; none last), total including tax, number (drafts last).',
});

registerEnumType(QuoteStatus, { name: 'QuoteStatus', description: 'Draft, sent, accepted or refused.' });
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description:
    'Draft (editable, no number), issued (numbered, frozen), paid, cancelled (by a credit note once issued).',
});
registerEnumType(InvoiceKind, { name: 'InvoiceKind', description: 'An invoice or a credit note cancelling one.' });
registerEnumType(QuotePart, {
  name: 'QuotePart',
  description:
    'What an invoice made from a quote bills: the whole quote (FULL), a deposit (DEPOSIT, acompte) or what remains after the deposits (BALANCE, solde).',
});
registerEnumType(PaymentKind, {
  name: 'PaymentKind',
  description: 'Money received on an invoice (PAYMENT) or paid back on a credit note (REFUND).',
});
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'Bank transfer, cheque, card, cash, direct debit or other.',
});

@InputType({ description: 'Amounts are decimal strings ("1250.50" or "1 250,50"), never floats.' })
export class FinanceLineInput {
  @Field() description: string;
  @Field({ description: 'Up to 3 decimals.' }) quantity: string;
  @Field({ description: 'Unit price before tax, in euros, up to 2 decimals.' }) unitPrice: string;
  @Field({ description: 'VAT rate in percent, e.g. "20" or "5.5".' }) vatRate: string;
  @Field(() => String, { nullable: true, description: 'Discount in percent (0 to 100); 0 when absent.' })
  discountPercent?: string | null;
}

/** Fields quotes and invoices share. On updates an absent field is left as it is. */
@InputType()
export class FinanceDocumentFieldsInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; defaults to today.' }) issueDate?: string | null;
  @Field(() => ID, { nullable: true, description: "A contact of the document's company." })
  contactId?: string | null;
  @Field(() => ID, { nullable: true, description: "An event of the document's company." }) eventId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "One of the company's billing addresses, copied onto the document; the default one when absent.",
  })
  billingAddressId?: string | null;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => [FinanceLineInput], { nullable: true, description: 'Replaces all the lines.' })
  lines?: FinanceLineInput[] | null;
}

@InputType()
export class QuoteFieldsInput extends FinanceDocumentFieldsInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; defaults to 30 days after the date.' })
  validUntil?: string | null;
}

@InputType()
export class CreateQuoteInput extends QuoteFieldsInput {
  @Field(() => ID, { nullable: true, description: 'An existing active company; or give newClient.' })
  companyId?: string | null;
  @Field(() => CreateCompanyInput, { nullable: true, description: 'A client created in the same step.' })
  newClient?: CreateCompanyInput | null;
  @Field(() => ContactFieldsInput, {
    nullable: true,
    description:
      "A new contact of the existing company (companyId), created in the same step with the rules of createContact; it becomes the document's contact (instead of contactId).",
  })
  newContact?: ContactFieldsInput | null;
}

@InputType()
export class InvoiceFieldsInput extends FinanceDocumentFieldsInput {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; defaults to 30 days after issue.' })
  dueDate?: string | null;
}

@InputType()
export class CreateInvoiceInput extends InvoiceFieldsInput {
  @Field(() => ID, { nullable: true, description: 'An existing active company; or give newClient.' })
  companyId?: string | null;
  @Field(() => CreateCompanyInput, { nullable: true, description: 'A client created in the same step.' })
  newClient?: CreateCompanyInput | null;
  @Field(() => ContactFieldsInput, {
    nullable: true,
    description:
      "A new contact of the existing company (companyId), created in the same step with the rules of createContact; it becomes the document's contact (instead of contactId).",
  })
  newContact?: ContactFieldsInput | null;
}

const SALESPERSON =
  "The documents of this salesperson (« Commercial »): the salesperson of the document's contact, else of its company's main contact.";

@InputType({
  description:
    'Which invoice to make from a quote. FULL (default): its lines. DEPOSIT: percent or amountInclTax (one of them), more than 0 and at most what remains to invoice. BALANCE: what remains, once the deposit invoices are issued.',
})
export class InvoiceFromQuoteInput {
  @Field(() => QuotePart, { nullable: true, description: 'FULL when absent.' }) kind?: QuotePart | null;
  @Field(() => String, {
    nullable: true,
    description: 'DEPOSIT: a percentage of the quote\'s total including tax (e.g. "30" or "33,5").',
  })
  percent?: string | null;
  @Field(() => String, { nullable: true, description: 'DEPOSIT: an amount including tax, in euros ("1500.00").' })
  amountInclTax?: string | null;
}

@InputType({ description: 'A company sees all its documents whatever the contact; a contact only its own.' })
export class QuoteFilter {
  @Field(() => ID, { nullable: true }) companyId?: string | null;
  @Field(() => ID, { nullable: true }) contactId?: string | null;
  @Field(() => ID, { nullable: true }) eventId?: string | null;
  @Field(() => [QuoteStatus], { nullable: true }) status?: QuoteStatus[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Sent quotes past their validity date; with status, either one.',
  })
  expired?: boolean | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: dated on or after.' }) issuedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: dated on or before.' }) issuedTo?: string | null;
  @Field(() => ID, { nullable: true, description: SALESPERSON })
  salespersonId?: string | null;
}

@InputType({ description: 'A company sees all its documents whatever the contact; a contact only its own.' })
export class InvoiceFilter {
  @Field(() => ID, { nullable: true }) companyId?: string | null;
  @Field(() => ID, { nullable: true }) contactId?: string | null;
  @Field(() => ID, { nullable: true }) eventId?: string | null;
  @Field(() => [InvoiceStatus], { nullable: true }) status?: InvoiceStatus[] | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Overdue invoices (issued, balance due, due date passed); with status, either one.',
  })
  overdue?: boolean | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: issued on or after.' }) issuedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: issued on or before.' }) issuedTo?: string | null;
  @Field(() => ID, { nullable: true, description: SALESPERSON })
  salespersonId?: string | null;
}

/** Amount, date, method and reference of a payment or a refund. */
@InputType()
export class MoneyEntryInput {
  @Field({ description: 'Decimal string in euros, up to 2 decimals ("250.50" or "250,50"), more than 0.' })
  amount: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today when absent. Not in the future.' })
  date?: string | null;
  @Field(() => PaymentMethod) method: PaymentMethod;
  @Field(() => String, { nullable: true, description: 'Cheque number, transfer reference, note (200 characters).' })
  reference?: string | null;
}

@InputType({ description: 'A payment received on an issued invoice: at most its balance due.' })
export class RecordPaymentInput extends MoneyEntryInput {
  @Field(() => ID) invoiceId: string;
}

@InputType({ description: 'A refund paid back on a credit note: at most what is left to refund.' })
export class RecordRefundInput extends MoneyEntryInput {
  @Field(() => ID) creditNoteId: string;
}
