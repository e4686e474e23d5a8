import type { Ctx } from '../../common/context';
import type { FieldErrors } from '../../common/errors';
import { checkDate, today } from '../event/dates';
import { cleanText } from '../validation/contact-data';
import { checkField } from '../validation/field-check';
import { type LineValues, checkLines, checkedTotals, writeLines } from './document-lines';
import { billingCopy, checkDocumentContact, checkDocumentEvent } from './document-parties';
import type { FinanceDocumentFieldsInput } from './finance.inputs';
import type { Totals } from './money';

/** On updates an absent (or undefined) input key leaves the field as it is. */
export const given = <T extends object>(input: T, key: keyof T): boolean =>
  Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;

/** The totals a quote or an invoice stores beside its lines. */
export const totalsColumns = (totals: Totals) => ({
  totalExclTax: totals.totalExclTax,
  totalTax: totals.totalTax,
  totalInclTax: totals.totalInclTax,
  vatBreakdown: totals.vat,
});

/**
 * The dated fields of a quote (valid until) or an invoice (due date), checked the same
 * way: the document's date defaults to today, the second date cannot come before it.
 */
export function datedFields(
  input: FinanceDocumentFieldsInput,
  errors: FieldErrors,
  current: { issueDate: string; notes: string | null } | null,
  second: { key: string; value: string | null | undefined; current: string | null | undefined; given: boolean },
  beforeMessage: string,
): { issueDate?: string; notes?: string | null } & Record<string, string | null | undefined> {
  const fields: Record<string, string | null | undefined> = {};
  if (given(input, 'issueDate') || !current)
    fields.issueDate = checkDate(errors, ['input', 'issueDate'], input.issueDate) ?? current?.issueDate ?? today();
  if (second.given) fields[second.key] = checkDate(errors, ['input', second.key], second.value);
  const issueDate = fields.issueDate ?? current?.issueDate;
  const secondDate = fields[second.key] !== undefined ? fields[second.key] : second.current;
  if (issueDate && secondDate && secondDate < issueDate) errors.add(['input', second.key], beforeMessage);
  if (given(input, 'notes'))
    fields.notes = checkField(errors, ['input', 'notes'], cleanText(input.notes, { maxLength: 5000 }));
  return fields;
}

/** The new lines of a document and their totals, checked (errors gathered, not thrown). */
export function checkedDocumentLines(
  input: FinanceDocumentFieldsInput,
  errors: FieldErrors,
): { lines: LineValues[]; totals: Totals } {
  const lines = checkLines(input.lines ?? [], errors, ['input', 'lines']);
  return { lines, totals: checkedTotals(lines, errors, ['input', 'lines']) };
}

/**
 * What editing a quote and editing an invoice share, after their own checks: the lines
 * replaced (with the totals), and the contact, event and billing address checked against
 * the document's company. Adds the columns to write to `fields`; throws the gathered
 * field errors first.
 */
export async function applyDocumentEdit(
  ctx: Ctx,
  owner: { quoteId: string } | { invoiceId: string },
  current: { companyId: string; contactId: string | null; eventId?: string | null },
  input: FinanceDocumentFieldsInput,
  errors: FieldErrors,
  fields: Record<string, unknown>,
): Promise<void> {
  const edited = input.lines ? checkedDocumentLines(input, errors) : null;
  errors.throwIfAny();
  if (given(input, 'contactId')) {
    await checkDocumentContact(ctx, current.companyId, input.contactId ?? null, current.contactId);
    fields.contactId = input.contactId ?? null;
  }
  if (given(input, 'eventId')) {
    // A draft keeps the event it names even when that event was deleted since (it comes back
    // with a restore); linking a deleted event anew is refused.
    if ((input.eventId ?? null) !== (current.eventId ?? null))
      await checkDocumentEvent(ctx, current.companyId, input.eventId ?? null);
    fields.eventId = input.eventId ?? null;
  }
  if (given(input, 'billingAddressId'))
    Object.assign(fields, await billingCopy(ctx, current.companyId, input.billingAddressId));
  if (edited) {
    await writeLines(ctx, owner, edited.lines, edited.totals);
    Object.assign(fields, totalsColumns(edited.totals));
  }
}
