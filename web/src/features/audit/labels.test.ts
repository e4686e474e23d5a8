import { readFileSync } from 'node:fs';
import path from 'node:path';
import fr from '@/i18n/fr';

/**
 * A list of field names exported by a server file, read from its source: importing the
 * entity would bring TypeORM's decorators into the web client's type-check.
 */
function serverList(file: string, name: string): string[] {
  const source = readFileSync(path.resolve(__dirname, '../../../../server/src/modules', file), 'utf8');
  const body = new RegExp(`export const ${name} = \\[([^\\]]*)\\]`).exec(source)?.[1];
  if (!body) throw new Error(`${name} not found in ${file}`);
  return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
}
const COMPANY_AUDITED_FIELDS = serverList('company/company.entity.ts', 'COMPANY_AUDITED_FIELDS');
const CONTACT_AUDITED_FIELDS = serverList('contact/contact.entity.ts', 'CONTACT_AUDITED_FIELDS');
const EVENT_AUDITED_FIELDS = serverList('event/event.entity.ts', 'EVENT_AUDITED_FIELDS');

/**
 * Every key the server writes in a company's or a contact's audit entries, and every field a
 * merge can fill, has a French label in "Historique" (an untranslated "jobId" was shown).
 * The record fields come from the server's own lists; the keys of the domain entries are
 * listed here with their writer: a new key there needs a label and a line here.
 */
const DOMAIN_KEYS = {
  'company.service deleteCompany / restore': ['deletedAt', 'contacts', 'withCompany'],
  'merge.service auditMerge': ['mergedFrom', 'mergedInto', 'filledFields', 'relations', 'fromCompanyId'],
  'duplicate-pairs.service dismiss': ['notDuplicateOf'],
  'billing-address.service': [
    'label',
    'addressLine1',
    'addressLine2',
    'postalCode',
    'city',
    'country',
    'isDefault',
    'billingAddressId',
  ],
  'emailing apply (unsubscribe, bounce)': ['optIn', 'emailBouncing'],
  'event.service (contact moved)': ['eventIds'],
  'event.service deleteEvent / restoreEvent': ['deletedAt'],
  'gdpr.service export': [
    'jobId',
    'activities',
    'emails',
    'documents',
    'consentEvents',
    'campaigns',
    'events',
    'quotes',
    'invoices',
    'mergedRecords',
  ],
  'finance payment.service (invoice and credit note entries)': [
    'paidAmount',
    'status',
    'payment',
    'refundedAmount',
    'refund',
  ],
  'gdpr.service erasure': [
    'documentsRemoved',
    'emailsCleared',
    'activitiesCleared',
    'mergedContactsErased',
    'invoicesKept',
    'invoicesKeptReason',
    'paymentReferencesKept',
    'paymentReferencesKeptReason',
    'draftNotesCleared',
    'providerDeletionsQueued',
  ],
  'emailing/erasure revealErasureAddresses / resolveErasureJob': [
    'erasureJobId',
    'provider',
    'label',
    'addresses',
    'previousError',
  ],
};

/** What a merge can report in filledFields beyond the audited fields (fillEmptyFields: nullable columns). */
const FILLABLE = ['siren', 'address', 'emailBouncedAt', 'emailingUnsubscribedAt'];

describe('history labels', () => {
  const labels: Record<string, string> = fr.clients.history.fields;

  it('every audited key and fillable field has a French label', () => {
    expect(COMPANY_AUDITED_FIELDS).toContain('mainContactId');
    expect(CONTACT_AUDITED_FIELDS).toContain('lastName');
    const keys = [
      ...COMPANY_AUDITED_FIELDS,
      ...CONTACT_AUDITED_FIELDS,
      ...Object.values(DOMAIN_KEYS).flat(),
      ...FILLABLE,
    ].filter((k) => k !== 'customFields'); // shown one row per custom field, by its own label
    expect(keys.filter((k) => !labels[k])).toEqual([]);
  });

  it("every key of an event's entries has a French label on the event page", () => {
    expect(EVENT_AUDITED_FIELDS).toContain('contactIds');
    const own: Record<string, string> = fr.events.history.fields;
    // event.service deleteEvent / deleteCompany's events / restore: the general labels.
    const keys = [...EVENT_AUDITED_FIELDS, 'deletedAt', 'withCompany'];
    expect(keys.filter((k) => !own[k] && !labels[k])).toEqual([]);
    expect(EVENT_AUDITED_FIELDS.filter((k) => !own[k])).toEqual([]);
  });
});
