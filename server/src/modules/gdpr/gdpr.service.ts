import ExcelJS from 'exceljs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { translate } from '../../common/i18n';
import { recordAudit } from '../audit/audit.service';
import type { ContactEntity } from '../contact/contact.entity';
import { getContact } from '../contact/contact.service';
import { replaceMainContacts } from '../contact/main-contact';
import { queueProviderErasures } from '../emailing/erasure';
import { neutraliseFormula } from '../export/export-cells';
import { JobEntity, type JobResultFile, JobStatus } from '../job/job.entity';
import { documentStorage } from '../storage/blob-storage';
import { recheckPassword } from '../user/password-recheck';
import { gdprExportFileStem } from './export-file-name';

export const GDPR_EXPORT_JOB_KIND = 'gdpr.export';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = Record<string, unknown>;

/** Everything stored about one person, as written to the export file. */
export interface PersonData {
  format: 'crm-person-export/1';
  exportedAt: string;
  person: Row;
  customFields: { key: string; label: string; value: unknown }[];
  company: Row | null;
  activities: Row[];
  emails: Row[];
  documents: Row[];
  consentHistory: Row[];
  emailing: { flags: Row; campaigns: Row[] };
  events: Row[];
  quotes: Row[];
  invoices: Row[];
  /** Payments and refunds recorded on the invoices and credit notes addressed to the person. */
  payments: Row[];
  customPage: Row | null;
  auditTrail: Row[];
  /**
   * The other records of the same person tied to this one by merges (see mergeFamily), each with
   * everything it still holds: the duplicates merged into it (their own field values, consent and
   * emailing history, audit trail, rows a merge could not move) and, exported from a merged-away
   * copy, the record it went into. Absent inside a merged record.
   */
  mergedRecords?: MergedRecordData[];
}

/** One record of the merge family, labelled with what it is to the exported record. */
export type MergedRecordData = Omit<PersonData, 'format' | 'exportedAt' | 'mergedRecords'> & {
  /** "Fiche fusionnée (doublon)" or "Fiche conservée (celle-ci y a été fusionnée)". */
  label: string;
  recordId: string;
  /** MERGED: a duplicate merged away (into `mergedInto`); KEPT: the record the family was merged into. */
  relation: 'MERGED' | 'KEPT';
  mergedInto: string | null;
  mergedAt: string | null;
};

/**
 * Rows of a query as plain JSON objects (dates as ISO strings), without the search documents
 * and the normalised names the duplicate pairs join on (derived columns, not data about the person).
 */
async function rows(manager: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  const result: { r: Row }[] = await manager.query(
    `SELECT (to_jsonb(t) - 'search_doc' - 'norm_name') AS r FROM (${sql}) t`,
    params,
  );
  return result.map((x) => x.r);
}

/**
 * Emails whose timeline item is on the person, that were addressed to the person, or that had
 * the person's address in copy ($1: contact id, $2: its email or null).
 */
const EMAILS_OF = `
  SELECT m.id FROM email_message m JOIN activity a ON a.id = m.activity_id
   WHERE a.contact_id = $1 OR m.to_recipients @> jsonb_build_array(jsonb_build_object('contactId', $1::text))
      OR ($2::text IS NOT NULL AND lower($2::text) IN (SELECT lower(x) FROM unnest(m.cc || m.bcc) x))`;

/**
 * Gathers every piece of data stored about a contact (GDPR right of access, art. 15), the
 * contact as the caller loaded it (a deleted one too):
 * the record with its labels and custom fields, its company link, activities and tasks,
 * emails with bodies, documents (metadata), consent history, emailing history, events,
 * quotes and invoices naming them, their custom page and the audit trail about them.
 */
export async function collectPersonData(ctx: Ctx, contact: ContactEntity): Promise<PersonData> {
  const data = await collectRecordData(ctx, contact);
  const m = await em(ctx);
  const family = await mergeFamily(ctx, m, contact);
  const keptId = family[0].id;
  const mergedRecords: MergedRecordData[] = [];
  for (const record of family) {
    if (record.id === contact.id) continue;
    const [merge]: { into: string; at: Date }[] = await m.query(
      `SELECT changes->'mergedInto'->>'to' AS into, created_at AS at FROM audit_log
        WHERE entity_type = 'Contact' AND entity_id = $1 AND action = 'merge' AND changes ? 'mergedInto'
        ORDER BY id DESC LIMIT 1`,
      [record.id],
    );
    const relation = record.id === keptId ? 'KEPT' : 'MERGED';
    const { format: _format, exportedAt: _exportedAt, ...rest } = await collectRecordData(ctx, record);
    mergedRecords.push({
      label:
        relation === 'KEPT'
          ? 'Fiche conservée (celle-ci y a été fusionnée)'
          : 'Fiche fusionnée (doublon de la personne)',
      recordId: record.id,
      relation,
      mergedInto: merge?.into ?? null,
      mergedAt: merge?.at ? new Date(merge.at).toISOString() : null,
      ...rest,
    });
  }
  return { ...data, mergedRecords };
}

/** Everything one contact record holds (collectPersonData, without the merge family). */
async function collectRecordData(ctx: Ctx, contact: ContactEntity): Promise<PersonData> {
  const m = await em(ctx);
  const id = contact.id;
  const [person] = await rows(
    m,
    `SELECT c.*, civ.label AS civility, src.label AS source, pot.label AS potential, sit.label AS situation,
            prog.label AS "progressState", u.name AS salesperson
       FROM contact c
       LEFT JOIN setting_option civ ON civ.id = c.civility_id
       LEFT JOIN setting_option src ON src.id = c.source_id
       LEFT JOIN setting_option pot ON pot.id = c.potential_id
       LEFT JOIN setting_option sit ON sit.id = c.situation_id
       LEFT JOIN setting_option prog ON prog.id = c.progress_state_id
       LEFT JOIN app_user u ON u.id = c.salesperson_id
      WHERE c.id = $1`,
    [id],
  );
  const defs: { key: string; label_fr: string }[] = await m.query(
    `SELECT key, label_fr FROM custom_field WHERE record_kind = 'CONTACT' ORDER BY position, label_fr`,
  );
  const values = contact.customFields ?? {};
  const customFields = Object.keys(values).map((key) => ({
    key,
    label: defs.find((d) => d.key === key)?.label_fr ?? key,
    value: values[key],
  }));
  const [company] = await rows(
    m,
    `SELECT co.id, co.name, co.city, co.main_contact_id = $2 AS "isMainContact"
       FROM company co WHERE co.id = $1`,
    [contact.companyId, id],
  );
  const activities = await rows(
    m,
    `SELECT a.*, cat.label AS category, au.name AS author, asg.name AS assignee,
            (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.created_at), '[]'::jsonb)
               FROM task_postponement p WHERE p.activity_id = a.id) AS postponements
       FROM activity a
       LEFT JOIN setting_option cat ON cat.id = a.category_id
       LEFT JOIN app_user au ON au.id = a.author_id
       LEFT JOIN app_user asg ON asg.id = a.assignee_id
      WHERE a.contact_id = $1 ORDER BY a.occurred_at, a.id`,
    [id],
  );
  const emails = await rows(
    m,
    `SELECT m.id, m.status, m.from_address, m.to_recipients, m.cc, m.bcc, m.subject, m.body_text, m.body_html,
            m.attachment_ids, m.sent_at, m.created_at
       FROM email_message m WHERE m.id IN (${EMAILS_OF}) ORDER BY m.created_at, m.id`,
    [id, contact.email],
  );
  const documents = await rows(
    m,
    `SELECT d.id, d.name, d.content_type, d.size, d.sha256, d.created_at, d.deleted_at, u.name AS "uploadedBy"
       FROM document d LEFT JOIN app_user u ON u.id = d.uploaded_by
      WHERE d.contact_id = $1 ORDER BY d.created_at, d.id`,
    [id],
  );
  const consentHistory = await rows(
    m,
    `SELECT e.opt_in, e.source, e.method, e.note, e.created_at, u.name AS "by"
       FROM consent_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
      WHERE e.subject_type = 'Contact' AND e.subject_id = $1 ORDER BY e.id`,
    [id],
  );
  const [flags] = await rows(m, `SELECT email_bounced_at, emailing_unsubscribed_at FROM contact WHERE id = $1`, [id]);
  const campaigns = await rows(
    m,
    `SELECT c.name AS campaign, c.provider, c.sent_at, a.opens, a.clicks, a.unsubscribed, a.hard_bounce AS npai,
            a.updated_at
       FROM emailing_activity a JOIN emailing_campaign c ON c.id = a.campaign_id
      WHERE a.contact_id = $1 ORDER BY c.sent_at NULLS LAST, a.id`,
    [id],
  );
  const events = await rows(
    m,
    `SELECT e.id, e.name, e.start_date, e.end_date, e.venue, e.status
       FROM event_contact ec JOIN event e ON e.id = ec.event_id
      WHERE ec.contact_id = $1 ORDER BY e.start_date, e.id`,
    [id],
  );
  const financeColumns = `d.id, d.number, d.status, d.issue_date, d.client_name, d.billing_label,
    d.total_excl_tax, d.total_tax, d.total_incl_tax, d.currency`;
  const quotes = await rows(m, `SELECT ${financeColumns} FROM quote d WHERE d.contact_id = $1 ORDER BY d.issue_date`, [
    id,
  ]);
  const invoices = await rows(
    m,
    `SELECT ${financeColumns}, d.kind FROM invoice d WHERE d.contact_id = $1 ORDER BY d.issue_date`,
    [id],
  );
  // Cancelled entries too: the books keep them, so they are data held about the person.
  const payments = await rows(
    m,
    `SELECT d.number AS "invoiceNumber", d.kind AS "documentKind", p.kind, p.paid_on AS date, p.amount,
            d.currency, p.method, p.reference, p.created_at, p.cancelled_at
       FROM invoice_payment p JOIN invoice d ON d.id = p.invoice_id
      WHERE d.contact_id = $1 ORDER BY p.paid_on, p.created_at, p.id`,
    [id],
  );
  const [customPage] = await rows(m, `SELECT p.blocks, p.updated_at FROM custom_page p WHERE p.contact_id = $1`, [id]);
  const auditTrail = await rows(
    m,
    `SELECT l.action, l.changes, l.actor_label, l.created_at FROM audit_log l
      WHERE l.entity_type = 'Contact' AND l.entity_id = $1 ORDER BY l.id`,
    [id],
  );
  return {
    format: 'crm-person-export/1',
    exportedAt: new Date().toISOString(),
    person,
    customFields,
    company: company ?? null,
    activities,
    emails,
    documents,
    consentHistory,
    emailing: { flags: flags ?? {}, campaigns },
    events,
    quotes,
    invoices,
    payments,
    customPage: customPage ?? null,
    auditTrail,
  };
}

const cellText = (v: unknown): string | number | boolean | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  // A cell holds at most 32,767 characters.
  return neutraliseFormula(text.length > 32000 ? `${text.slice(0, 32000)}…` : text);
};

/** One sheet per category, one row per item, one column per field: readable by the person. */
async function writeWorkbook(data: PersonData, file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheets: [string, Row[]][] = [
    ...recordSheets(data),
    // The merged records: one line each, then their own sheets, prefixed by their number.
    [
      'Fiches fusionnées',
      (data.mergedRecords ?? []).map((r, i) => ({
        numero: i + 1,
        fiche: r.label,
        id: r.recordId,
        fusionneeDans: r.mergedInto,
        fusionneeLe: r.mergedAt,
      })),
    ],
    ...(data.mergedRecords ?? []).flatMap((r, i) =>
      recordSheets(r)
        .filter(([name, items]) => name === 'Personne' || items.length)
        .map(([name, items]): [string, Row[]] => [`Fusion ${i + 1} - ${name}`.slice(0, 31), items]),
    ),
  ];
  for (const [name, items] of sheets) {
    const sheet = workbook.addWorksheet(name);
    const keys = [...new Set(items.flatMap((r) => Object.keys(r)))];
    sheet.columns = keys.map((k) => ({ header: k, key: k, width: Math.min(60, Math.max(14, k.length + 2)) }));
    for (const item of items) sheet.addRow(keys.map((k) => cellText(item[k])));
  }
  await workbook.xlsx.writeFile(file);
}

/** The sheets of one record's data. */
function recordSheets(data: Omit<PersonData, 'format' | 'exportedAt'>): [string, Row[]][] {
  return [
    ['Personne', [data.person]],
    ['Champs personnalisés', data.customFields],
    ['Société', data.company ? [data.company] : []],
    ['Activités', data.activities],
    ['Emails', data.emails],
    ['Documents', data.documents],
    ['Consentement', data.consentHistory],
    ['Emailing', data.emailing.campaigns],
    ['Événements', data.events],
    ['Devis', data.quotes],
    ['Factures', data.invoices],
    ['Paiements', data.payments],
    ['Historique', data.auditTrail],
  ];
}

/**
 * Writes a person's data as .json and .xlsx files of a finished job, downloadable through
 * `/files/jobs/:id/:index` like export files (same access rules: only the admin who made it,
 * in a session; same expiry). Admins in a session only, with their password (checked and
 * rate-limited like an erasure's): an API key or a session left open cannot take it away.
 */
export async function exportPersonData(
  ctx: Ctx,
  contactId: string,
  password: string | null | undefined,
): Promise<JobEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const contact = await getContact(ctx, contactId, { includeDeleted: true });
  await checkPassword(ctx, password, contact.id, 'gdpr.exportRefused');
  const data = await collectPersonData(ctx, contact);
  const manager = await em(ctx);
  const now = new Date();
  const job = await manager.save(JobEntity, {
    workspaceId: ctx.actor.workspaceId,
    kind: GDPR_EXPORT_JOB_KIND,
    status: JobStatus.SUCCEEDED,
    params: { contactId: data.person.id as string },
    progressDone: 1,
    progressTotal: 1,
    counts: {},
    resultFiles: [],
    attempts: 1,
    cancelRequested: false,
    createdBy: ctx.actor.userId,
    startedAt: now,
    finishedAt: now,
  });
  const relativeDir = path.join('jobs', job.id);
  const dir = path.resolve(ctx.deps.config.STORAGE_DIR, relativeDir);
  await mkdir(dir, { recursive: true });
  const stem = gdprExportFileStem(contact, now);
  const expiresAt = new Date(now.getTime() + ctx.deps.config.EXPORT_FILE_TTL_HOURS * 3600_000).toISOString();
  const files: JobResultFile[] = [];
  try {
    const json = path.join(dir, `${stem}.json`);
    await writeFile(json, JSON.stringify(data, null, 2));
    const xlsx = path.join(dir, `${stem}.xlsx`);
    await writeWorkbook(data, xlsx);
    for (const [full, contentType] of [
      [json, 'application/json; charset=utf-8'],
      [xlsx, XLSX_TYPE],
    ] as const) {
      files.push({
        name: path.basename(full),
        path: path.join(relativeDir, path.basename(full)),
        contentType,
        size: (await stat(full)).size,
        expiresAt,
      });
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const counts = {
    activities: data.activities.length,
    emails: data.emails.length,
    documents: data.documents.length,
    consentEvents: data.consentHistory.length,
    campaigns: data.emailing.campaigns.length,
    events: data.events.length,
    quotes: data.quotes.length,
    invoices: data.invoices.length,
    payments: data.payments.length,
    mergedRecords: data.mergedRecords?.length ?? 0,
  };
  await manager.update(JobEntity, { id: job.id }, { resultFiles: files, counts, result: { expiresAt } });
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: data.person.id as string,
    action: 'gdpr.export',
    after: { jobId: job.id, ...counts },
  });
  return (await manager.findOneBy(JobEntity, { id: job.id })) as JobEntity;
}

export interface ErasureResult {
  contactId: string;
  /** One job per emailing connection deleting the person there (queued, retried on their own). */
  providerDeletionJobs: JobEntity[];
  /** Records of the person erased: the one asked for and the rest of its merge family. */
  recordsErased: number;
  documentsRemoved: number;
  emailsCleared: number;
  activitiesCleared: number;
  /**
   * References of the payments and refunds recorded on the person's invoices and credit notes, kept
   * (accounting records, ten-year retention).
   */
  paymentReferencesKept: number;
}

/** Keys of audit entries whose values are personal data (cleared in the trail by an erasure). */
const PERSONAL_AUDIT_KEYS = [
  'civilityId',
  'firstName',
  'lastName',
  'email',
  'position',
  'phoneDirect',
  'phoneMobile',
  'phoneSwitchboard',
  'facebook',
  'linkedin',
  'twitter',
  'instagram',
  'customFields',
  'comment',
  'name',
  'subject',
  'blocks',
  'text',
  'bodyText',
  'bodyHtml',
  'to',
];

/** Rows of an UPDATE or DELETE … RETURNING (TypeORM's PostgreSQL driver answers [rows, affected] for them). */
async function returning<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as T[];
  return result as T[];
}

/** The admin's password, typed again (GDPR export and erasure); a refusal is audited on the contact. */
function checkPassword(
  ctx: Ctx,
  password: string | null | undefined,
  contactId: string,
  refusedAction: 'gdpr.exportRefused' | 'gdpr.eraseRefused',
): Promise<void> {
  return recheckPassword(ctx, {
    password,
    path: ['password'],
    sessionRequired: refusedAction === 'gdpr.exportRefused' ? 'gdpr.exportSessionRequired' : 'gdpr.sessionRequired',
    refused: { entityType: 'Contact', entityId: contactId, action: refusedAction },
  });
}

/**
 * GDPR erasure (art. 17) by anonymisation: the contact row stays (counts, timelines,
 * quotes and invoices keep their links) but every personal field is replaced or cleared,
 * its documents (rows and files), custom page, email subjects and bodies, activity
 * comments and the personal values of its audit trail are removed. Quotes and invoices
 * keep their copied client data: they are legal records. Admins only, password required.
 *
 * The whole merge family is the same person, and is erased together: the duplicates merged
 * into the contact (transitively) keep, soft-deleted, their own fields, audit trail and the rows
 * a merge could not move (otherwise the trash, and the kept record's history naming them, would
 * still show the person); and when the contact is itself a merged-away copy, the record it went
 * into (up to the one finally kept) holds the person's data that the merge moved or copied there.
 * Erasing only the copy would leave all of that: the safest reading of the request is the family.
 */
export async function erasePerson(
  ctx: Ctx,
  contactId: string,
  password: string | null | undefined,
): Promise<ErasureResult> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const contact = await getContact(ctx, contactId, { includeDeleted: true });
  await checkPassword(ctx, password, contact.id, 'gdpr.eraseRefused');
  const m = await em(ctx);
  const family = await mergeFamily(ctx, m, contact);
  const merged = family.filter((c) => c.id !== contact.id);

  // The addresses go with the erasure: captured first for the providers' deletion jobs.
  const emails = family.map((c) => c.email).filter((e): e is string => !!e);
  const result: ErasureResult = {
    contactId: contact.id,
    providerDeletionJobs: [],
    recordsErased: family.length,
    documentsRemoved: 0,
    emailsCleared: 0,
    activitiesCleared: 0,
    paymentReferencesKept: 0,
  };
  for (const record of [contact, ...merged]) {
    const { invoicesKept, draftNotesCleared, ...counts } = await eraseRecord(ctx, m, record);
    result.documentsRemoved += counts.documentsRemoved;
    result.emailsCleared += counts.emailsCleared;
    result.activitiesCleared += counts.activitiesCleared;
    result.paymentReferencesKept += counts.paymentReferencesKept;
    const after: Record<string, unknown> = { ...counts, draftNotesCleared };
    if (record === contact && merged.length) after.mergedContactsErased = merged.length;
    if (record === contact) {
      result.providerDeletionJobs = await queueProviderErasures(ctx, contact.id, emails);
      if (result.providerDeletionJobs.length) after.providerDeletionsQueued = result.providerDeletionJobs.length;
    }
    // Says why the invoices are still there: the trail is what an inspection of the erasure reads.
    if (invoicesKept) Object.assign(after, { invoicesKept, invoicesKeptReason: translate('fr', 'gdpr.invoicesKept') });
    if (counts.paymentReferencesKept) after.paymentReferencesKeptReason = translate('fr', 'gdpr.paymentReferencesKept');
    await recordAudit(ctx, { entityType: 'Contact', entityId: record.id, action: 'gdpr.erase', after });
  }
  return result;
}

/**
 * The record a merged-away contact finally went into: its merge audit entry names the record it
 * was merged into (`mergedInto`), which may itself have been merged into another later. The
 * contact itself when it was never merged away. Every link is followed (not only the one of the
 * current deletion): over-reaching stays within the same person.
 */
async function keptRecordOf(manager: EntityManager, contactId: string): Promise<string> {
  const [row]: { id: string }[] = await manager.query(
    `WITH RECURSIVE up(id, depth) AS (
       SELECT $1::uuid, 0
       UNION
       SELECT (a.changes->'mergedInto'->>'to')::uuid, up.depth + 1 FROM audit_log a JOIN up ON a.entity_id = up.id
        WHERE a.entity_type = 'Contact' AND a.action = 'merge' AND a.changes ? 'mergedInto' AND up.depth < 100)
     SELECT up.id FROM up JOIN contact c USING (id) ORDER BY up.depth DESC LIMIT 1`,
    [contactId],
  );
  return row?.id ?? contactId;
}

/**
 * Every record of the person a merge tied to this contact: the record finally kept (itself, or
 * the one it was merged into) first, then every record merged into that one, transitively.
 */
export async function mergeFamily(ctx: Ctx, manager: EntityManager, contact: ContactEntity): Promise<ContactEntity[]> {
  const keptId = await keptRecordOf(manager, contact.id);
  const kept = keptId === contact.id ? contact : await getContact(ctx, keptId, { includeDeleted: true });
  const family = [kept];
  for (const id of await mergedDuplicates(manager, kept.id))
    family.push(id === contact.id ? contact : await getContact(ctx, id, { includeDeleted: true }));
  return family;
}

/**
 * The contacts merged into this one, and those merged into them, that are still in the trash.
 * The kept record's merge audit entry is the only link a merge leaves (`mergedFrom`).
 */
async function mergedDuplicates(manager: EntityManager, contactId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `WITH RECURSIVE merged(id) AS (
       SELECT $1::uuid
       UNION
       SELECT (a.changes->'mergedFrom'->>'to')::uuid FROM audit_log a JOIN merged ON a.entity_id = merged.id
        WHERE a.entity_type = 'Contact' AND a.action = 'merge' AND a.changes ? 'mergedFrom')
     SELECT c.id FROM contact c JOIN merged USING (id)
      WHERE c.id <> $1 AND c.deleted_at IS NOT NULL ORDER BY c.id`,
    [contactId],
  );
  return rows.map((r) => r.id);
}

type ErasureCounts = Omit<ErasureResult, 'contactId' | 'recordsErased' | 'providerDeletionJobs'> & {
  /** Invoices and credit notes addressed to the person, kept as issued (accounting law). */
  invoicesKept: number;
  draftNotesCleared: number;
};

/**
 * The person's invoices, credit notes and quotes. Invoices and credit notes are kept as issued, with
 * their amounts, dates and payments (the books must keep them for ten years, Code de commerce
 * L123-22; GDPR art. 17(3)(b) exempts what a legal obligation requires): that includes the references
 * typed on payments and refunds (transfer wording, cheque number), accounting records in their own
 * right, usually naming the client company that paid: they stay, in the rows and in the invoices'
 * audit trail, and the erasure's audit entry says so. Payments are only recorded on issued documents.
 * The notes of drafts (a draft invoice or quote never issued nor sent) are not a legal record: they
 * go, with their audit values; those of issued invoices and sent quotes are part of the document and
 * stay.
 */
async function eraseFinance(
  m: EntityManager,
  contactId: string,
): Promise<{ paymentReferencesKept: number; invoicesKept: number; draftNotesCleared: number }> {
  const [references]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM invoice_payment p JOIN invoice d ON d.id = p.invoice_id
      WHERE d.contact_id = $1 AND p.reference IS NOT NULL`,
    [contactId],
  );
  const drafts = await returning<{ id: string }>(
    m,
    `UPDATE invoice SET notes = NULL, updated_at = now()
      WHERE contact_id = $1 AND status = 'DRAFT' AND notes IS NOT NULL RETURNING id
     `,
    [contactId],
  );
  const draftQuotes = await returning<{ id: string }>(
    m,
    `UPDATE quote SET notes = NULL, updated_at = now()
      WHERE contact_id = $1 AND status = 'DRAFT' AND notes IS NOT NULL RETURNING id`,
    [contactId],
  );
  const draftIds = [...drafts, ...draftQuotes].map((d) => d.id);
  if (draftIds.length)
    await m.query(
      `UPDATE audit_log SET changes = changes || '{"notes": {"from": null, "to": null, "erased": true}}'::jsonb
        WHERE entity_type IN ('Invoice', 'Quote') AND entity_id = ANY($1::uuid[]) AND changes ? 'notes'`,
      [draftIds],
    );
  const [kept]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM invoice WHERE contact_id = $1 AND status <> 'DRAFT'`,
    [contactId],
  );
  return { paymentReferencesKept: references.n, invoicesKept: kept.n, draftNotesCleared: draftIds.length };
}

/** Anonymises one contact record and everything attached to it (see erasePerson). */
async function eraseRecord(ctx: Ctx, m: EntityManager, contact: ContactEntity): Promise<ErasureCounts> {
  const id = contact.id;

  // Documents: rows now, bytes once the erasure is committed.
  const docs = await returning<{ id: string; storage_key: string }>(
    m,
    'DELETE FROM document WHERE contact_id = $1 RETURNING id, storage_key',
    [id],
  );
  if (docs.length) {
    await m.query(
      `UPDATE email_message SET attachment_ids = ARRAY(SELECT x FROM unnest(attachment_ids) x WHERE x <> ALL($1::uuid[]))
        WHERE attachment_ids && $1::uuid[]`,
      [docs.map((d) => d.id)],
    );
    const storage = documentStorage(ctx.deps.config);
    ctx.scope.afterCommit(async () => {
      for (const d of docs) await storage.delete(d.storage_key);
    });
  }

  // Emails: the rows stay (counts, timelines) without subject, bodies or the person's address;
  // one still waiting to go out is not sent.
  const emails = await returning<{ id: string }>(
    m,
    `UPDATE email_message m SET subject = '', body_text = '', body_html = '',
            to_recipients = (SELECT coalesce(jsonb_agg(CASE WHEN r->>'contactId' = $1::text
                               THEN jsonb_build_object('contactId', r->'contactId', 'name', NULL, 'address', '')
                               ELSE r END), '[]'::jsonb)
                               FROM jsonb_array_elements(m.to_recipients) r),
            cc = ARRAY(SELECT x FROM unnest(m.cc) x WHERE lower(x) IS DISTINCT FROM lower($2::text)),
            bcc = ARRAY(SELECT x FROM unnest(m.bcc) x WHERE lower(x) IS DISTINCT FROM lower($2::text)),
            status = CASE WHEN m.status = 'QUEUED' THEN 'FAILED' ELSE m.status END,
            failure_reason = CASE WHEN m.status = 'QUEUED' THEN 'erased' ELSE m.failure_reason END,
            updated_at = now()
      WHERE m.id IN (${EMAILS_OF}) RETURNING m.id, m.activity_id`,
    [id, contact.email],
  );
  // Activities on the person (and the Email activities of those emails) keep kind, dates and
  // authors; their free text goes.
  const activities = await returning<{ id: string }>(
    m,
    `UPDATE activity SET comment = NULL, updated_at = now()
      WHERE contact_id = $1 OR id IN (SELECT activity_id FROM email_message WHERE id = ANY($2::uuid[]))
      RETURNING id`,
    [id, emails.map((e) => e.id)],
  );
  const pages = await returning<{ id: string }>(m, 'DELETE FROM custom_page WHERE contact_id = $1 RETURNING id', [id]);
  // Earlier GDPR exports of the person are files full of the data being erased: they go too.
  const earlierExports = await returning<{ id: string }>(
    m,
    `UPDATE job SET result_files = '[]'::jsonb WHERE kind = $1 AND params->>'contactId' = $2::text RETURNING id`,
    [GDPR_EXPORT_JOB_KIND, id],
  );
  if (earlierExports.length) {
    const root = path.resolve(ctx.deps.config.STORAGE_DIR);
    ctx.scope.afterCommit(async () => {
      for (const job of earlierExports) await rm(path.join(root, 'jobs', job.id), { recursive: true, force: true });
    });
  }
  // Import undo logs hold the record's earlier values; rejected rows may hold its address.
  await m.query(`DELETE FROM import_record WHERE entity_type = 'Contact' AND entity_id = $1`, [id]);
  if (contact.email)
    await m.query(`DELETE FROM import_rejected_row WHERE strpos(lower(cells::text), lower($1)) > 0`, [contact.email]);

  await m.query(
    `UPDATE contact SET civility_id = NULL, first_name = NULL, last_name = $2, email = NULL, position = NULL,
            phone_direct = NULL, phone_direct_raw = NULL, phone_mobile = NULL, phone_mobile_raw = NULL,
            phone_switchboard = NULL, phone_switchboard_raw = NULL,
            facebook = NULL, linkedin = NULL, twitter = NULL, instagram = NULL,
            opt_in = false, opt_in_at = NULL, opt_in_source = NULL, active = false, custom_fields = '{}'::jsonb,
            email_bounced_at = NULL, emailing_unsubscribed_at = NULL, updated_at = now()
      WHERE id = $1`,
    [id, translate('fr', 'gdpr.erasedName')],
  );
  // The company's main contact moves to another active contact, or none: not the erased person.
  await replaceMainContacts(ctx, [id]);
  // A consent's proof note is free text that often names the person or where they were met;
  // the method and dates stay, like the rest of the history.
  await m.query(
    `UPDATE consent_event SET note = NULL WHERE subject_type = 'Contact' AND subject_id = $1 AND note IS NOT NULL`,
    [id],
  );
  if (contact.optIn)
    await m.query(
      `INSERT INTO consent_event (workspace_id, subject_type, subject_id, opt_in, source, actor_user_id)
       VALUES ($1, 'Contact', $2, false, 'gdpr.erasure', $3)`,
      [ctx.actor.workspaceId, id, ctx.actor.userId],
    );

  // The audit trail keeps who did what and when, not the personal values.
  await m.query(
    `UPDATE audit_log SET changes = (
       SELECT coalesce(jsonb_object_agg(k, CASE WHEN k = ANY($2::text[])
                THEN '{"from": null, "to": null, "erased": true}'::jsonb ELSE v END), '{}'::jsonb)
         FROM jsonb_each(changes) e(k, v))
      WHERE entity_id = ANY($1::uuid[])`,
    [[id, ...[...activities, ...docs, ...emails, ...pages].map((x) => x.id)], PERSONAL_AUDIT_KEYS],
  );

  return {
    documentsRemoved: docs.length,
    emailsCleared: emails.length,
    activitiesCleared: activities.length,
    ...(await eraseFinance(m, id)),
  };
}
