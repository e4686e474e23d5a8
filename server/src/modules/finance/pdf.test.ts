import { pdfText } from '../../../test/pdf-text';
import type { QuoteEntity } from './finance.entity';
import { type PrintData, pdfFileName } from './print';
import { renderPdf } from './pdf';

const quote = {
  issueDate: '2026-11-28',
  clientName: 'Élan Événements',
  vatBreakdown: [],
  totalExclTax: '0.00',
  totalInclTax: '0.00',
} as unknown as QuoteEntity;

const data = (over: Partial<PrintData['printable']> = {}): PrintData => ({
  locale: 'fr',
  seller: null,
  printable: { title: 'Devis', number: 'D-000001', doc: quote, extraDates: [], lines: [], footer: null, ...over },
});

describe('renderPdf', () => {
  it('renders a document whose workspace has no seller identity (no Author entry)', async () => {
    const pdf = await renderPdf(data());
    expect(pdf.fileName).toBe('Devis D-000001.pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.content);
    expect(text).toContain('Devis D-000001');
    expect(text).toContain('Élan Événements');
    expect(text).toContain('Devis D-000001 · Page 1/1');
  });

  it('names a draft invoice, which has no number yet', () => {
    expect(pdfFileName(data({ title: 'Facture', number: null }))).toBe('Facture (brouillon).pdf');
  });
});
