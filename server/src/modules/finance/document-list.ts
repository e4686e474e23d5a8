import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import { badField } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import type { InvoiceEntity, QuoteEntity } from './finance.entity';

interface DocumentFilter {
  companyId?: string | null;
  contactId?: string | null;
  eventId?: string | null;
  status?: string[] | null;
}

/**
 * Quotes or invoices, newest first. The finance tab's rule: a company sees every document of
 * the company whatever the contact; a contact only the documents made out to it.
 */
export async function listDocuments<T extends QuoteEntity | InvoiceEntity>(
  ctx: Ctx,
  entity: new () => T,
  filter: DocumentFilter | null | undefined,
  first?: number | null,
  after?: string | null,
): Promise<Page<T>> {
  const size = checkPageSize(first);
  const qb = (await em(ctx)).createQueryBuilder(entity, 'd');
  const f = filter ?? {};
  if (f.companyId) qb.andWhere('d.company_id = :companyId', { companyId: checkId(f.companyId, 'Company') });
  if (f.contactId) qb.andWhere('d.contact_id = :contactId', { contactId: checkId(f.contactId, 'Contact') });
  if (f.eventId) qb.andWhere('d.event_id = :eventId', { eventId: checkId(f.eventId, 'Event') });
  if (f.status?.length) qb.andWhere('d.status IN (:...status)', { status: f.status });
  const total = await qb.clone().getCount();
  if (after) {
    const [date, createdAt, lastId] = decodeCursor(after, 3);
    if (typeof date !== 'string' || typeof createdAt !== 'string' || !isUuid(lastId))
      throw badField(['after'], 'field.cursor');
    qb.andWhere(
      '(d.issue_date, d.created_at, d.id) < (CAST(:date AS date), CAST(:createdAt AS timestamptz), CAST(:lastId AS uuid))',
      {
        date,
        createdAt,
        lastId,
      },
    );
  }
  const rows = await qb
    .orderBy('d.issue_date', 'DESC')
    .addOrderBy('d.created_at', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .take(size + 1)
    .getMany();
  return toPage(rows, size, (r) => [r.issueDate, r.createdAt.toISOString(), r.id], total);
}
