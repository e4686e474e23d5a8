import fr from '@/i18n/fr';
import { invoiceDisplayStatus, lockedNotice, quoteDisplayStatus, statusTagType } from './invoiceNotice';
import { quotesFilter, receivablesFilter } from './receivables';

describe('the notice of an invoice past editing', () => {
  const text = (doc: Parameters<typeof lockedNotice>[0]) => {
    const key = lockedNotice(doc);
    return key === null ? null : fr.finance.notices[key as keyof typeof fr.finance.notices];
  };

  it('says a cancelled draft was never issued, and an issued invoice that it is issued', () => {
    expect(text({ kind: 'INVOICE', status: 'DRAFT', number: null })).toBeNull();
    const cancelledDraft = text({ kind: 'INVOICE', status: 'CANCELLED', number: null });
    expect(cancelledDraft).toMatch(/jamais été émise/);
    expect(cancelledDraft).not.toMatch(/Facture émise/);
    expect(text({ kind: 'INVOICE', status: 'ISSUED', number: 'F-000001' })).toMatch(/^Facture émise/);
    expect(text({ kind: 'INVOICE', status: 'PAID', number: 'F-000001' })).toMatch(/payée/);
    expect(text({ kind: 'INVOICE', status: 'CANCELLED', number: 'F-000001' })).toMatch(/annulée par un avoir/);
    expect(text({ kind: 'CREDIT_NOTE', status: 'ISSUED', number: 'AV-000002' })).toMatch(/^Avoir émis/);
  });
});

describe('the status an invoice shows', () => {
  const label = (doc: Parameters<typeof invoiceDisplayStatus>[0]) =>
    fr.finance.invoiceStatuses[invoiceDisplayStatus(doc) as keyof typeof fr.finance.invoiceStatuses];

  it('says an issued invoice already partly paid is partly paid, and keeps the others as they are', () => {
    expect(label({ kind: 'INVOICE', status: 'ISSUED', paidAmount: '0.00' })).toBe('Émise');
    expect(label({ kind: 'INVOICE', status: 'ISSUED', paidAmount: '250.00' })).toBe('Partiellement payée');
    expect(label({ kind: 'INVOICE', status: 'PAID', paidAmount: '1200.00' })).toBe('Payée');
    expect(label({ kind: 'INVOICE', status: 'CANCELLED', paidAmount: '250.00' })).toBe('Annulée');
    expect(label({ kind: 'CREDIT_NOTE', status: 'ISSUED', paidAmount: '0.00' })).toBe('Émise');
  });
});

describe('the computed statuses: overdue invoices, expired quotes', () => {
  const label = (key: string) =>
    ({ ...fr.finance.invoiceStatuses, ...fr.finance.quoteStatuses })[
      key as keyof typeof fr.finance.invoiceStatuses & keyof typeof fr.finance.quoteStatuses
    ];

  it('shows "En retard" in red before "Partiellement payée", and "Expiré" for a sent quote past its date', () => {
    const late = { kind: 'INVOICE', status: 'ISSUED', paidAmount: '200.00', overdue: true };
    expect(label(invoiceDisplayStatus(late))).toBe('En retard');
    expect(statusTagType(invoiceDisplayStatus(late))).toBe('error');
    expect(label(invoiceDisplayStatus({ ...late, overdue: false }))).toBe('Partiellement payée');
    expect(label(quoteDisplayStatus({ status: 'SENT', expired: true }))).toBe('Expiré');
    expect(label(quoteDisplayStatus({ status: 'SENT', expired: false }))).toBe('Envoyé');
  });
});

describe('the filters of the "Factures" and "Devis" pages', () => {
  const none = { companyId: null, salespersonId: null, period: null };
  it('sends "En retard" as the overdue flag beside the statuses, and leaves out what is not chosen', () => {
    expect(receivablesFilter({ statuses: [], ...none })).toEqual({});
    expect(
      receivablesFilter({
        statuses: ['OVERDUE', 'PAID'],
        companyId: 'c1',
        salespersonId: null,
        period: ['2026-01-01', '2026-01-31'],
      }),
    ).toEqual({ status: ['PAID'], overdue: true, companyId: 'c1', issuedFrom: '2026-01-01', issuedTo: '2026-01-31' });
    expect(receivablesFilter({ statuses: ['OVERDUE'], ...none })).toEqual({ overdue: true });
  });

  it('sends "Expiré" as the expired flag, and the salesperson chosen', () => {
    expect(quotesFilter({ statuses: [], ...none })).toEqual({});
    expect(quotesFilter({ statuses: ['EXPIRED', 'SENT'], ...none, salespersonId: 'u1' })).toEqual({
      status: ['SENT'],
      expired: true,
      salespersonId: 'u1',
    });
    expect(quotesFilter({ statuses: ['EXPIRED'], ...none })).toEqual({ expired: true });
  });
});
