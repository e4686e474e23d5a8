import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import type { FieldErrors } from '../../common/errors';
import { cleanText } from '../validation/contact-data';
import { checkField, requireValue } from '../validation/field-check';
import { FinanceLineEntity } from './finance.entity';
import type { FinanceLineInput } from './finance.inputs';
import { type LineAmounts, Money, type Totals, computeTotals, parseDecimal } from './money';

type Path = (string | number)[];

export interface LineValues extends LineAmounts {
  description: string;
}

export const MAX_LINES = 200;
/** numeric(14, 2) holds less than 10^12. */
const MAX_TOTAL = '999999999999.99';

function decimal(
  errors: FieldErrors,
  path: Path,
  raw: string | null | undefined,
  opts: Parameters<typeof parseDecimal>[1],
) {
  const parsed = parseDecimal(raw, opts);
  if (parsed.ok) return parsed.value;
  errors.add(path, parsed.reason, parsed.params);
  return null;
}

/**
 * The French VAT rates: mainland (normal, intermediate, reduced, super-reduced, none), then
 * Corsica (13, 0.9) and the overseas departments of Guadeloupe, Martinique and La Réunion (8.5,
 * 1.75, 1.05), where agencies bill their own events. Nothing here bills abroad under another
 * country's VAT (an export or an intra-EU reverse charge is invoiced at 0 %), so any other rate
 * is a typing mistake. The web client offers the same list (documentForm.ts).
 */
export const VAT_RATES = ['20', '10', '5.5', '2.1', '0', '13', '8.5', '1.75', '1.05', '0.9'] as const;

/** Validates the lines of a document; every bad cell is reported with its path (input.lines.2.vatRate). */
export function checkLines(inputs: FinanceLineInput[], errors: FieldErrors, path: Path): LineValues[] {
  if (inputs.length > MAX_LINES) {
    errors.add(path, 'finance.tooManyLines', { max: MAX_LINES });
    return [];
  }
  const lines: LineValues[] = [];
  inputs.forEach((input, i) => {
    const at = [...path, i];
    requireValue(errors, [...at, 'description'], input.description);
    const description = checkField(errors, [...at, 'description'], cleanText(input.description, { maxLength: 2000 }));
    const quantity = decimal(errors, [...at, 'quantity'], input.quantity, { scale: 3, min: '-100000', max: '100000' });
    const unitPrice = decimal(errors, [...at, 'unitPrice'], input.unitPrice, {
      scale: 2,
      min: '-10000000',
      max: '10000000',
      amount: true,
    });
    let vatRate = decimal(errors, [...at, 'vatRate'], input.vatRate, { scale: 2, min: '0', max: '100' });
    if (vatRate !== null && !VAT_RATES.some((rate) => new Money(rate).eq(vatRate as string))) {
      errors.add([...at, 'vatRate'], 'finance.vatRate', {
        rates: VAT_RATES.map((r) => r.replace('.', ',')).join(' ; '),
      });
      vatRate = null;
    }
    const discountPercent = decimal(errors, [...at, 'discountPercent'], input.discountPercent ?? '0', {
      scale: 2,
      min: '0',
      max: '100',
    });
    if (description && quantity && unitPrice && vatRate && discountPercent)
      lines.push({ description, quantity, unitPrice, vatRate, discountPercent });
  });
  return lines;
}

/** Totals of valid lines, refused when they would not fit the amount columns. */
export function checkedTotals(lines: LineValues[], errors: FieldErrors, path: Path): Totals {
  const totals = computeTotals(lines);
  if (
    new Money(totals.totalInclTax).abs().greaterThan(MAX_TOTAL) ||
    new Money(totals.totalExclTax).abs().greaterThan(MAX_TOTAL)
  )
    errors.add(path, 'finance.totalTooLarge');
  return totals;
}

/** Replaces a document's lines; the caller stores the totals on the document. */
export async function writeLines(
  ctx: Ctx,
  owner: { quoteId: string } | { invoiceId: string },
  lines: LineValues[],
  totals: Totals,
): Promise<void> {
  const manager = await em(ctx);
  const where = 'quoteId' in owner ? { quoteId: owner.quoteId } : { invoiceId: owner.invoiceId };
  await manager.delete(FinanceLineEntity, where);
  if (!lines.length) return;
  await manager.insert(
    FinanceLineEntity,
    lines.map((line, position) => ({
      ...line,
      ...where,
      workspaceId: ctx.actor.workspaceId,
      position,
      totalExclTax: totals.lineTotals[position],
    })),
  );
}

export async function linesOf(ctx: Ctx, owner: 'quote' | 'invoice', id: string): Promise<FinanceLineEntity[]> {
  return (await linesByDocumentIds(ctx, owner, [id]))[0];
}

/** Batch: the lines of each quote (or invoice), in order. */
export async function linesByDocumentIds(
  ctx: Ctx,
  owner: 'quote' | 'invoice',
  ids: readonly string[],
): Promise<FinanceLineEntity[][]> {
  const column = owner === 'quote' ? 'quote_id' : 'invoice_id';
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(FinanceLineEntity, 'l')
    .where(`l.${column} IN (:...ids)`, { ids: [...ids] })
    .orderBy('l.position', 'ASC')
    .getMany();
  const key = owner === 'quote' ? 'quoteId' : 'invoiceId';
  return ids.map((id) => rows.filter((r) => r[key] === id));
}

export const lineValues = (l: FinanceLineEntity): LineValues => ({
  description: l.description,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  vatRate: l.vatRate,
  discountPercent: l.discountPercent,
});
