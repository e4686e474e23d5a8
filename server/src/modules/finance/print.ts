import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import type { Locale } from '../../common/i18n';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { linesOf } from './document-lines';
import {
  type FinanceLineEntity,
  type InvoiceEntity,
  InvoiceKind,
  InvoiceStatus,
  PaymentKind,
  type QuoteEntity,
} from './finance.entity';
import { getInvoice } from './invoice.service';
import { formatAmount } from './money';
import { balanceDue, entriesTotal, paymentsByInvoiceIds } from './payment.service';
import { getQuote } from './quote.service';

const esc = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

export const WORDS = {
  fr: {
    quote: 'Devis',
    invoice: 'Facture',
    creditNote: 'Avoir',
    draft: 'Brouillon (non émise)',
    date: 'Date',
    validUntil: "Valable jusqu'au",
    due: 'Échéance',
    client: 'Client',
    siret: 'SIRET',
    vat: 'N° TVA intracommunautaire',
    capital: 'au capital de',
    description: 'Désignation',
    qty: 'Qté',
    unit: 'PU HT',
    rate: 'TVA',
    discount: 'Remise',
    amount: 'Montant HT',
    totalExcl: 'Total HT',
    vatAt: 'TVA à',
    totalIncl: 'Total TTC',
    credits: 'Avoir sur la facture',
    alreadyPaid: 'Déjà réglé',
    balanceDue: 'Reste à payer',
    penalties:
      "En cas de retard de paiement : pénalités au taux d'intérêt légal majoré de 10 points et indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 du Code de commerce). Pas d'escompte pour paiement anticipé.",
    print: 'Imprimer',
    draftFile: '(brouillon)',
    page: 'Page',
  },
  en: {
    quote: 'Quote',
    invoice: 'Invoice',
    creditNote: 'Credit note',
    draft: 'Draft (not issued)',
    date: 'Date',
    validUntil: 'Valid until',
    due: 'Due date',
    client: 'Client',
    siret: 'SIRET',
    vat: 'VAT number',
    capital: 'with a share capital of',
    description: 'Description',
    qty: 'Qty',
    unit: 'Unit price excl. tax',
    rate: 'VAT',
    discount: 'Discount',
    amount: 'Amount excl. tax',
    totalExcl: 'Total excl. tax',
    vatAt: 'VAT at',
    totalIncl: 'Total incl. tax',
    credits: 'Credit note for invoice',
    alreadyPaid: 'Already paid',
    balanceDue: 'Balance due',
    penalties:
      'Late payment: interest at the French legal rate plus 10 points and a fixed recovery fee of €40 (French Commercial Code, art. L441-10). No discount for early payment.',
    print: 'Print',
    draftFile: '(draft)',
    page: 'Page',
  },
} satisfies Record<Locale, Record<string, string>>;

// Formatting only: the amounts were computed exactly.
export const money = formatAmount;

export const num = (value: string, locale: Locale) => {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return locale === 'fr' ? trimmed.replace('.', ',') : trimmed;
};

export const date = (d: string | null, locale: Locale) => {
  if (!d) return '';
  const [y, m, day] = d.split('-');
  return locale === 'fr' ? `${day}/${m}/${y}` : d;
};

export interface Printable {
  title: string;
  number: string | null;
  doc: QuoteEntity | InvoiceEntity;
  extraDates: [string, string | null][];
  credits?: string | null;
  lines: FinanceLineEntity[];
  footer: string | null;
  /** An invoice with payments recorded: what was paid and what is left, under the total. */
  paid?: { amount: string; due: string } | null;
}

/** The seller's lines: name, address, and the legal mentions French invoices require. */
export function sellerLines(ws: WorkspaceEntity | null, locale: Locale): string[] {
  if (!ws) return [];
  const w = WORDS[locale];
  const capital = ws.shareCapital ? `${w.capital} ${money(ws.shareCapital, locale)}` : null;
  return [
    ws.legalName || ws.name,
    ws.addressLine1,
    ws.addressLine2,
    [ws.postalCode, ws.city].filter(Boolean).join(' '),
    ws.country,
    [ws.legalForm, capital].filter(Boolean).join(' '),
    ws.siret ? `${w.siret} : ${ws.siret}` : null,
    ws.rcsCity && ws.siret ? `RCS ${ws.rcsCity} ${ws.siret.slice(0, 9)}` : null,
    ws.vatNumber ? `${w.vat} : ${ws.vatNumber}` : null,
  ].filter((l): l is string => !!l);
}

function render(p: Printable, seller: WorkspaceEntity | null, locale: Locale): string {
  const w = WORDS[locale];
  const d = p.doc;
  const address = [
    d.billingLabel,
    d.billingAddressLine1,
    d.billingAddressLine2,
    [d.billingPostalCode, d.billingCity].filter(Boolean).join(' '),
    d.billingCountry,
  ].filter(Boolean);
  const rows = p.lines
    .map(
      (l) => `<tr><td>${esc(l.description)}</td><td class="n">${esc(num(l.quantity, locale))}</td>
        <td class="n">${esc(money(l.unitPrice, locale))}</td><td class="n">${esc(num(l.vatRate, locale))} %</td>
        <td class="n">${Number(l.discountPercent) ? `${esc(num(l.discountPercent, locale))} %` : ''}</td>
        <td class="n">${esc(money(l.totalExclTax, locale))}</td></tr>`,
    )
    .join('');
  const vat = d.vatBreakdown
    .map(
      (v) =>
        `<tr><td>${w.vatAt} ${esc(num(v.rate, locale))} % (${esc(money(v.base, locale))})</td><td class="n">${esc(money(v.tax, locale))}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(p.title)} ${esc(p.number ?? '')}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:800px;margin:24px auto;color:#222;font-size:14px}
h1{font-size:22px;margin:0 0 4px} table{width:100%;border-collapse:collapse;margin-top:16px}
th,td{padding:6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top} .n{text-align:right;white-space:nowrap}
.head{display:flex;justify-content:space-between;gap:24px} .client{border:1px solid #ccc;padding:12px;min-width:260px}
.totals{width:50%;margin-left:auto} .totals tr.grand td{font-weight:bold;font-size:16px} .legal{margin-top:24px;font-size:12px;color:#555}
.seller{margin:8px 0;font-size:13px} .draft{color:#b00;font-weight:bold} @media print{button{display:none}}
</style></head><body>
<button onclick="window.print()">${w.print}</button>
<div class="head"><div><h1 data-test="print-title">${esc(p.title)} ${esc(p.number ?? '')}</h1>
${p.number ? '' : `<div class="draft">${w.draft}</div>`}
<div class="seller" data-test="print-seller">${sellerLines(seller, locale).map(esc).join('<br>')}</div>
<div>${w.date} : ${esc(date(d.issueDate, locale))}</div>
${p.extraDates.map(([label, value]) => (value ? `<div>${label} : ${esc(date(value, locale))}</div>` : '')).join('')}
${p.credits ? `<div>${w.credits} ${esc(p.credits)}</div>` : ''}
</div>
<div class="client" data-test="print-client"><strong>${esc(d.clientName)}</strong><br>${address.map(esc).join('<br>')}
${d.clientSiret ? `<br>${w.siret} : ${esc(d.clientSiret)}` : ''}
${d.clientVatNumber ? `<br>${w.vat} : ${esc(d.clientVatNumber)}` : ''}</div></div>
<table><thead><tr><th>${w.description}</th><th class="n">${w.qty}</th><th class="n">${w.unit}</th><th class="n">${w.rate}</th><th class="n">${w.discount}</th><th class="n">${w.amount}</th></tr></thead>
<tbody>${rows}</tbody></table>
<table class="totals" data-test="print-totals"><tr><td>${w.totalExcl}</td><td class="n">${esc(money(d.totalExclTax, locale))}</td></tr>
${vat}<tr class="grand"><td>${w.totalIncl}</td><td class="n">${esc(money(d.totalInclTax, locale))}</td></tr>
${
  p.paid
    ? `<tr data-test="print-paid"><td>${w.alreadyPaid}</td><td class="n">${esc(money(p.paid.amount, locale))}</td></tr>
<tr class="grand" data-test="print-due"><td>${w.balanceDue}</td><td class="n">${esc(money(p.paid.due, locale))}</td></tr>`
    : ''
}</table>
${d.notes ? `<p>${esc(d.notes)}</p>` : ''}
${p.footer ? `<p class="legal">${esc(p.footer)}</p>` : ''}
</body></html>`;
}

function seller(ctx: Ctx): Promise<WorkspaceEntity | null> {
  return em(ctx).then((m) => m.findOneBy(WorkspaceEntity, { id: ctx.actor.workspaceId }));
}

/** What a printed document shows: the document, its seller, in one language. */
export interface PrintData {
  printable: Printable;
  seller: WorkspaceEntity | null;
  locale: Locale;
}

/** "Facture F-000012.pdf", "Devis D-000003.pdf"; a draft invoice has no number yet. */
export function pdfFileName(data: PrintData): string {
  const { title, number } = data.printable;
  return `${title} ${number ?? WORDS[data.locale].draftFile}.pdf`;
}

/**
 * The name of the PDF the worker attached to a quote or invoice email: the worker renders in
 * French (jobs have no request language), so does this name.
 */
export function emailedPdfName(doc: QuoteEntity | InvoiceEntity): string {
  const w = WORDS.fr;
  const title = !('kind' in doc) ? w.quote : doc.kind === InvoiceKind.CREDIT_NOTE ? w.creditNote : w.invoice;
  return `${title} ${doc.number ?? w.draftFile}.pdf`;
}

/** A quote of the actor's workspace as printed (NOT_FOUND otherwise). */
export async function quotePrintData(ctx: Ctx, id: string, locale: Locale = ctx.actor.locale): Promise<PrintData> {
  const quote = await getQuote(ctx, id);
  const w = WORDS[locale];
  const printable: Printable = {
    title: w.quote,
    number: quote.number,
    doc: quote,
    extraDates: [[w.validUntil, quote.validUntil]],
    lines: await linesOf(ctx, 'quote', quote.id),
    footer: null,
  };
  return { printable, seller: await seller(ctx), locale };
}

/** The printable HTML of a quote of the actor's workspace (NOT_FOUND otherwise). */
export async function printQuote(ctx: Ctx, id: string): Promise<string> {
  const data = await quotePrintData(ctx, id);
  return render(data.printable, data.seller, data.locale);
}

/** An invoice or credit note as printed, with the late-payment mentions French law requires. */
export async function invoicePrintData(ctx: Ctx, id: string, locale: Locale = ctx.actor.locale): Promise<PrintData> {
  const invoice = await getInvoice(ctx, id);
  const w = WORDS[locale];
  const credited = invoice.creditedInvoiceId ? await getInvoice(ctx, invoice.creditedInvoiceId) : null;
  const [payments] = await paymentsByInvoiceIds(ctx, [invoice.id]);
  const paid = entriesTotal(payments, PaymentKind.PAYMENT);
  const printable: Printable = {
    title: invoice.kind === InvoiceKind.CREDIT_NOTE ? w.creditNote : w.invoice,
    number: invoice.number,
    doc: invoice,
    extraDates: [[w.due, invoice.dueDate]],
    credits: credited?.number ?? null,
    lines: await linesOf(ctx, 'invoice', invoice.id),
    footer: invoice.kind === InvoiceKind.INVOICE ? w.penalties : null,
    paid:
      invoice.kind === InvoiceKind.INVOICE && invoice.status !== InvoiceStatus.CANCELLED && Number(paid) > 0
        ? { amount: paid, due: balanceDue(invoice, paid) }
        : null,
  };
  return { printable, seller: await seller(ctx), locale };
}

/** The printable HTML of an invoice or credit note, with the late-payment mentions French law requires. */
export async function printInvoice(ctx: Ctx, id: string): Promise<string> {
  const data = await invoicePrintData(ctx, id);
  return render(data.printable, data.seller, data.locale);
}
