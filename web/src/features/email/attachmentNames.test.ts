import { attachmentNames } from './attachmentNames';

describe('attachmentNames', () => {
  it("lists a quote or invoice PDF first, then the record's documents", () => {
    expect(
      attachmentNames({ pdfAttachment: { name: 'Facture F-000012.pdf' }, attachments: [{ name: 'plan.png' }] }),
    ).toEqual(['Facture F-000012.pdf', 'plan.png']);
    expect(attachmentNames({ pdfAttachment: null, attachments: [{ name: 'plan.png' }] })).toEqual(['plan.png']);
    expect(attachmentNames({ attachments: [] })).toEqual([]);
  });
});
