import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { VatAmount } from './money';

/** Columns quotes and invoices share: client, copied billing address and legal ids, totals. */
abstract class FinanceDocumentColumns {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('date', { name: 'issue_date' }) issueDate: string;
  @Column('uuid', { name: 'company_id' }) companyId: string;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('uuid', { name: 'event_id', nullable: true }) eventId: string | null;
  @Column('uuid', { name: 'billing_address_id', nullable: true }) billingAddressId: string | null;
  /** True: the address was picked on the document; false: it follows the company's default (copied again at issue). */
  @Column('boolean', { name: 'billing_address_chosen', default: false }) billingAddressChosen: boolean;
  @Column('text', { name: 'billing_label', nullable: true }) billingLabel: string | null;
  @Column('text', { name: 'billing_address_line1', nullable: true }) billingAddressLine1: string | null;
  @Column('text', { name: 'billing_address_line2', nullable: true }) billingAddressLine2: string | null;
  @Column('text', { name: 'billing_postal_code', nullable: true }) billingPostalCode: string | null;
  @Column('text', { name: 'billing_city', nullable: true }) billingCity: string | null;
  @Column('text', { name: 'billing_country', nullable: true }) billingCountry: string | null;
  @Column('text', { name: 'client_name' }) clientName: string;
  @Column('text', { name: 'client_siret', nullable: true }) clientSiret: string | null;
  @Column('text', { name: 'client_vat_number', nullable: true }) clientVatNumber: string | null;
  @Column('char', { length: 3 }) currency: string;
  @Column('numeric', { name: 'total_excl_tax', precision: 14, scale: 2 }) totalExclTax: string;
  @Column('numeric', { name: 'total_tax', precision: 14, scale: 2 }) totalTax: string;
  @Column('numeric', { name: 'total_incl_tax', precision: 14, scale: 2 }) totalInclTax: string;
  @Column('jsonb', { name: 'vat_breakdown' }) vatBreakdown: VatAmount[];
  @Column('text', { nullable: true }) notes: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export enum QuoteStatus {
  DRAFT = 'DRAFT',
  SENT = 'SENT',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
}

export enum InvoiceStatus {
  DRAFT = 'DRAFT',
  ISSUED = 'ISSUED',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}

export enum InvoiceKind {
  INVOICE = 'INVOICE',
  CREDIT_NOTE = 'CREDIT_NOTE',
}

/** What part of its quote an invoice made from a quote bills. */
export enum QuotePart {
  /** The whole quote, its lines as they are. */
  FULL = 'FULL',
  /** A deposit (acompte): a share of the quote's total, one line per VAT rate. */
  DEPOSIT = 'DEPOSIT',
  /** The balance (solde): the quote's lines less the deposits invoiced, one line per deposit and rate. */
  BALANCE = 'BALANCE',
}

@Entity('quote')
export class QuoteEntity extends FinanceDocumentColumns {
  @Column('text') number: string;
  @Column('text') status: QuoteStatus;
  @Column('date', { name: 'valid_until', nullable: true }) validUntil: string | null;
}

@Entity('invoice')
export class InvoiceEntity extends FinanceDocumentColumns {
  @Column('text') kind: InvoiceKind;
  @Column('text', { nullable: true }) number: string | null;
  @Column('text') status: InvoiceStatus;
  @Column('date', { name: 'due_date', nullable: true }) dueDate: string | null;
  @Column('uuid', { name: 'quote_id', nullable: true }) quoteId: string | null;
  /** Made from a quote: which part of it (the whole quote, a deposit, the balance). Otherwise null. */
  @Column('text', { name: 'quote_part', nullable: true }) quotePart: QuotePart | null;
  @Column('uuid', { name: 'credited_invoice_id', nullable: true }) creditedInvoiceId: string | null;
  @Column('timestamptz', { name: 'issued_at', nullable: true }) issuedAt: Date | null;
  @Column('timestamptz', { name: 'paid_at', nullable: true }) paidAt: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  /** When it was last e-mailed from its page (sendEmail with invoiceId). */
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}

/** A line of a quote or of an invoice (exactly one of the two). */
@Entity('finance_line')
export class FinanceLineEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'quote_id', nullable: true }) quoteId: string | null;
  @Column('uuid', { name: 'invoice_id', nullable: true }) invoiceId: string | null;
  @Column('int') position: number;
  @Column('text') description: string;
  @Column('numeric', { precision: 12, scale: 3 }) quantity: string;
  @Column('numeric', { name: 'unit_price', precision: 14, scale: 2 }) unitPrice: string;
  @Column('numeric', { name: 'vat_rate', precision: 5, scale: 2 }) vatRate: string;
  @Column('numeric', { name: 'discount_percent', precision: 5, scale: 2 }) discountPercent: string;
  @Column('numeric', { name: 'total_excl_tax', precision: 14, scale: 2 }) totalExclTax: string;
}

export enum PaymentKind {
  PAYMENT = 'PAYMENT',
  REFUND = 'REFUND',
}

export enum PaymentMethod {
  TRANSFER = 'TRANSFER',
  CHEQUE = 'CHEQUE',
  CARD = 'CARD',
  CASH = 'CASH',
  DIRECT_DEBIT = 'DIRECT_DEBIT',
  OTHER = 'OTHER',
}

/** Money received on an invoice (PAYMENT) or paid back on a credit note (REFUND). */
@Entity('invoice_payment')
export class InvoicePaymentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'invoice_id' }) invoiceId: string;
  @Column('text') kind: PaymentKind;
  @Column('numeric', { precision: 14, scale: 2 }) amount: string;
  @Column('date', { name: 'paid_on' }) paidOn: string;
  @Column('text') method: PaymentMethod;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column('uuid', { name: 'cancelled_by', nullable: true }) cancelledBy: string | null;
}
