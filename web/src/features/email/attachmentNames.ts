/** What an email carried: the quote or invoice PDF first (sent from the document's page), then the documents. */
export function attachmentNames(email: {
  attachments: readonly { name: string }[];
  pdfAttachment?: { name: string } | null;
}): string[] {
  return [...(email.pdfAttachment ? [email.pdfAttachment.name] : []), ...email.attachments.map((d) => d.name)];
}
