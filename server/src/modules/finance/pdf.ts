import PDFDocument from 'pdfkit';
import type { Ctx } from '../../common/context';
import type { Locale } from '../../common/i18n';
import {
  type PrintData,
  WORDS,
  date,
  invoicePrintData,
  money,
  num,
  pdfFileName,
  quotePrintData,
  sellerLines,
} from './print';

/**
 * Quotes, invoices and credit notes as PDF (pdfkit, no browser): the content of the print page
 * (seller's legal identity, client block, lines, VAT per rate, totals, "Déjà réglé / Reste à
 * payer", legal mentions) on A4. The text is set in DejaVu Sans, embedded (subset): the PDF base
 * fonts lack the narrow no-break space French amounts are grouped with.
 */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 50;
const GREY = '#555555';
const RULE = '#cccccc';

export interface RenderedPdf {
  fileName: string;
  content: Buffer;
}

type Column = { key: 'description' | 'qty' | 'unit' | 'rate' | 'discount' | 'amount'; width: number; right: boolean };
const COLUMNS: Column[] = [
  { key: 'description', width: 190, right: false },
  { key: 'qty', width: 40, right: true },
  { key: 'unit', width: 75, right: true },
  { key: 'rate', width: 50, right: true },
  { key: 'discount', width: 55, right: true },
  { key: 'amount', width: 85, right: true },
];

function draw(doc: PDFKit.PDFDocument, data: PrintData): void {
  const { printable: p, seller, locale } = data;
  const w = WORDS[locale];
  const d = p.doc;
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;

  // Header: title and seller on the left, client block on the right.
  const top = doc.y;
  doc
    .font('bold')
    .fontSize(18)
    .fillColor('black')
    .text(`${p.title} ${p.number ?? ''}`.trim(), left, top, { width: 280 });
  if (!p.number) doc.font('bold').fontSize(10).fillColor('#b00000').text(w.draft, { width: 280 });
  doc.moveDown(0.4).font('body').fontSize(9).fillColor('black');
  for (const line of sellerLines(seller, locale)) doc.text(line, { width: 280 });
  doc.moveDown(0.6).fontSize(10);
  doc.text(`${w.date} : ${date(d.issueDate, locale)}`, { width: 280 });
  for (const [label, value] of p.extraDates) if (value) doc.text(`${label} : ${date(value, locale)}`, { width: 280 });
  if (p.credits) doc.text(`${w.credits} ${p.credits}`, { width: 280 });
  const leftEnd = doc.y;

  const boxX = left + 300;
  const boxW = width - 300;
  const address = [
    d.billingLabel,
    d.billingAddressLine1,
    d.billingAddressLine2,
    [d.billingPostalCode, d.billingCity].filter(Boolean).join(' '),
    d.billingCountry,
    d.clientSiret ? `${w.siret} : ${d.clientSiret}` : null,
    d.clientVatNumber ? `${w.vat} : ${d.clientVatNumber}` : null,
  ].filter((l): l is string => !!l);
  doc
    .font('bold')
    .fontSize(11)
    .text(d.clientName, boxX + 10, top + 10, { width: boxW - 20 });
  doc.font('body').fontSize(10);
  for (const line of address) doc.text(line, { width: boxW - 20 });
  const boxEnd = doc.y + 10;
  doc
    .rect(boxX, top, boxW, boxEnd - top)
    .strokeColor(RULE)
    .stroke();
  doc.y = Math.max(leftEnd, boxEnd) + 20;

  // Lines.
  const header = () => {
    const y = doc.y;
    let x = left;
    doc.font('bold').fontSize(9).fillColor('black');
    for (const c of COLUMNS) {
      doc.text(w[c.key], x + 3, y, { width: c.width - 6, align: c.right ? 'right' : 'left' });
      x += c.width;
    }
    doc.y = Math.max(doc.y, y) + 4;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .strokeColor('#888888')
      .stroke();
    doc.y += 4;
  };
  header();
  doc.font('body').fontSize(9);
  for (const l of p.lines) {
    const cells: Record<Column['key'], string> = {
      description: l.description,
      qty: num(l.quantity, locale),
      unit: money(l.unitPrice, locale),
      rate: `${num(l.vatRate, locale)} %`,
      discount: Number(l.discountPercent) ? `${num(l.discountPercent, locale)} %` : '',
      amount: money(l.totalExclTax, locale),
    };
    const height = Math.max(...COLUMNS.map((c) => doc.heightOfString(cells[c.key] || ' ', { width: c.width - 6 })));
    if (doc.y + height + 8 > bottom()) {
      doc.addPage();
      header();
      doc.font('body').fontSize(9);
    }
    const y = doc.y;
    let x = left;
    for (const c of COLUMNS) {
      doc.text(cells[c.key], x + 3, y, { width: c.width - 6, align: c.right ? 'right' : 'left' });
      x += c.width;
    }
    doc.y = y + height + 4;
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .strokeColor('#dddddd')
      .stroke();
    doc.y += 4;
  }

  // Totals, right half.
  const rows: { label: string; value: string; bold?: boolean }[] = [
    { label: w.totalExcl, value: money(d.totalExclTax, locale) },
    ...d.vatBreakdown.map((v) => ({
      label: `${w.vatAt} ${num(v.rate, locale)} % (${money(v.base, locale)})`,
      value: money(v.tax, locale),
    })),
    { label: w.totalIncl, value: money(d.totalInclTax, locale), bold: true },
    ...(p.paid
      ? [
          { label: w.alreadyPaid, value: money(p.paid.amount, locale) },
          { label: w.balanceDue, value: money(p.paid.due, locale), bold: true },
        ]
      : []),
  ];
  const totalsX = left + width / 2;
  const totalsW = width / 2;
  if (doc.y + rows.length * 18 + 10 > bottom()) doc.addPage();
  doc.y += 8;
  for (const r of rows) {
    const y = doc.y;
    doc.font(r.bold ? 'bold' : 'body').fontSize(r.bold ? 11 : 10);
    doc.text(r.label, totalsX, y, { width: totalsW - 100 });
    const labelEnd = doc.y;
    doc.text(r.value, totalsX + totalsW - 100, y, { width: 100, align: 'right' });
    doc.y = Math.max(labelEnd, doc.y) + 3;
  }

  doc.font('body').fontSize(10).fillColor('black');
  if (d.notes) {
    doc.moveDown(1);
    doc.text(d.notes, left, doc.y, { width });
  }
  if (p.footer) {
    doc.moveDown(1.5);
    doc.fontSize(8).fillColor(GREY).text(p.footer, left, doc.y, { width });
  }
}

/** "Facture F-000012 · Page 1/2" at the foot of every page. */
function numberPages(doc: PDFKit.PDFDocument, title: string, page: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Written in the bottom margin: without lifting it, pdfkit would open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('body')
      .fontSize(8)
      .fillColor(GREY)
      .text(`${title} · ${page} ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 15, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** Renders what the print page shows as a PDF file. */
export function renderPdf(data: PrintData): Promise<RenderedPdf> {
  const fileName = pdfFileName(data);
  const author = data.seller?.legalName || data.seller?.name;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: data.locale,
    // Kept until the end, to number the pages once their count is known.
    bufferPages: true,
    // pdfkit fails on an undefined entry: Author only when there is a seller's name.
    info: { Title: fileName.replace(/\.pdf$/, ''), ...(author ? { Author: author } : {}) },
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<RenderedPdf>((resolve, reject) => {
    doc.on('end', () => resolve({ fileName, content: Buffer.concat(chunks) }));
    doc.on('error', reject);
  });
  draw(doc, data);
  numberPages(doc, `${data.printable.title} ${data.printable.number ?? ''}`.trim(), WORDS[data.locale].page);
  doc.end();
  return done;
}

/** The PDF of a quote of the actor's workspace (NOT_FOUND otherwise). */
export async function quotePdf(ctx: Ctx, id: string, locale?: Locale): Promise<RenderedPdf> {
  return renderPdf(await quotePrintData(ctx, id, locale));
}

/** The PDF of an invoice or credit note of the actor's workspace (NOT_FOUND otherwise). */
export async function invoicePdf(ctx: Ctx, id: string, locale?: Locale): Promise<RenderedPdf> {
  return renderPdf(await invoicePrintData(ctx, id, locale));
}
