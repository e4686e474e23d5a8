import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import { createI18n } from 'vue-i18n';
import fr from '@/i18n/fr';
import { changeRows, eventValue, filledFieldKeys, financeValue, isId, relationsSummary } from './history';

const field = (key: string, label: string) =>
  ({
    id: key,
    key,
    label,
    labelFr: label,
    labelEn: null,
    type: 'TEXT',
    choices: [],
  }) as unknown as CustomFieldFieldsFragment;

describe('audit entry rows', () => {
  it('gives one row per changed field, and one per changed custom value in the order of the definitions', () => {
    const rows = changeRows(
      {
        position: { from: null, to: 'Directrice' },
        customFields: {
          from: { budget: 10, niveau: 'or', same: 'x' },
          to: { niveau: 'argent', same: 'x', ancien: 'y' },
        },
      },
      [field('niveau', 'Niveau'), field('budget', 'Budget')],
    );
    expect(rows.map(({ field: f, from, to, custom }) => [f, from, to, custom?.definition?.label ?? null])).toEqual([
      ['position', null, 'Directrice', null],
      ['customFields.niveau', 'or', 'argent', 'Niveau'],
      ['customFields.budget', 10, null, 'Budget'],
      // A value of a field since deleted keeps its key.
      ['customFields.ancien', null, 'y', null],
    ]);
  });

  it('reads a value logged without from/to as what it became', () => {
    expect(changeRows({ mergedFrom: 'abc' }, [])).toEqual([{ field: 'mergedFrom', from: null, to: 'abc' }]);
  });

  it('tells ids from other values', () => {
    expect(isId('0b6f3f38-5d1e-4c11-9a57-2c3c1f0e9a10')).toBe(true);
    expect(isId('Directrice')).toBe(false);
  });

  describe('a merge entry', () => {
    const i18n = createI18n({ legacy: false, locale: 'fr', messages: { fr } });
    const { t, te } = i18n.global;
    const summary = (value: unknown) =>
      relationsSummary(
        value,
        (key, n) => t(key, n),
        (key) => te(key),
      );
    const rel = (table: string, column: string, moved: number, duplicatesDropped = 0, leftBehind = 0) => ({
      table,
      column,
      moved,
      duplicatesDropped,
      leftBehind,
    });

    it('summarises the links taken over in French sentences, not JSON or table names', () => {
      expect(
        summary([
          rel('activity', 'contact_id', 1),
          rel('event_contact', 'contact_id', 2, 1),
          rel('company', 'main_contact_id', 1),
          rel('quote', 'contact_id', 0, 0, 3),
          rel('some_new_table', 'contact_id', 4),
        ]),
      ).toEqual([
        '1 activité reprise',
        '2 invitations à des événements reprises, 1 déjà présent sur la fiche conservée',
        '1 société dont il est le contact principal',
        'Devis : 3 laissés sur la fiche fusionnée',
        '4 autres liens repris',
      ]);
      expect(summary([])).toEqual([]);
      expect(summary(null)).toEqual([]);
    });

    it('every table a merge can move has its own message (en.ts has the same keys: MessageSchema)', () => {
      // The tables whose foreign keys point to a company or a contact (merge.service.ts reads them from the catalog).
      const keys = [
        'activity',
        'contact',
        'company_parent_id',
        'company_main_contact_id',
        'company_language',
        'billing_address',
        'event',
        'event_contact',
        'document',
        'quote',
        'invoice',
        'custom_page',
        'emailing_activity',
        // Not a foreign key (it names companies and contacts alike): the merge moves it itself.
        'consent_event',
      ];
      for (const key of keys) {
        expect(te(`clients.history.relations.moved.${key}`)).toBe(true);
        expect(te(`clients.history.relations.names.${key}`)).toBe(true);
      }
    });

    it('lists the filled fields without the raw companions of phones', () => {
      expect(filledFieldKeys(['phoneMobile', 'position', 'phoneMobileRaw', 'phoneDirectRaw'])).toEqual([
        'phoneMobile',
        'position',
      ]);
    });
  });

  describe("a quote's or an invoice's values", () => {
    const i18n = createI18n({ legacy: false, locale: 'fr', messages: { fr } });
    const fmt = {
      t: (key: string) => i18n.global.t(key),
      has: (key: string) => i18n.global.te(key),
      day: (v: string) => `jour ${v}`,
      money: (v: string) => `${v} €`,
    };
    it('names statuses, formats days and amounts, and says a payment in words', () => {
      expect(financeValue('Invoice', 'status', 'PAID', fmt)).toBe('Payée');
      expect(financeValue('Quote', 'status', 'SENT', fmt)).toBe('Envoyé');
      expect(financeValue('Invoice', 'dueDate', '2026-03-12', fmt)).toBe('jour 2026-03-12');
      expect(financeValue('Invoice', 'paidAmount', '500.50', fmt)).toBe('500.50 €');
      expect(
        financeValue(
          'Invoice',
          'payment',
          { amount: '500.50', date: '2026-03-12', method: 'CHEQUE', reference: 'n° 1234' },
          fmt,
        ),
      ).toBe('500.50 € · jour 2026-03-12 · Chèque · n° 1234');
      expect(financeValue('Invoice', 'refund', { amount: '20.00', date: '2026-03-13', method: 'TRANSFER' }, fmt)).toBe(
        '20.00 € · jour 2026-03-13 · Virement',
      );
      // Not theirs: the general display applies.
      expect(financeValue('Invoice', 'contactId', 'x', fmt)).toBeNull();
      expect(financeValue('Invoice', 'payment', null, fmt)).toBeNull();
    });
    it('has French words for every action and field a document records', () => {
      for (const action of [
        'create',
        'update',
        'issue',
        'cancel',
        'payment',
        'pay',
        'paymentCancelled',
        'refund',
        'refundCancelled',
      ])
        expect(fmt.has(`clients.history.actions.${action}`)).toBe(true);
      for (const field of [
        'number',
        'status',
        'issueDate',
        'dueDate',
        'validUntil',
        'contactId',
        'eventId',
        'totalInclTax',
        'notes',
        'paidAmount',
        'payment',
        'refundedAmount',
        'refund',
      ])
        expect(fmt.has(`clients.history.fields.${field}`)).toBe(true);
      expect(fmt.t('finance.history.fields.billingAddressId')).toBe('Adresse de facturation');
    });
  });

  describe("an event's values", () => {
    const i18n = createI18n({ legacy: false, locale: 'fr', messages: { fr } });
    const fmt = {
      t: (key: string) => i18n.global.t(key),
      has: (key: string) => i18n.global.te(key),
      day: (v: string) => `jour ${v}`,
    };
    it('names the status and formats the days; other fields are left to the general display', () => {
      expect(eventValue('status', 'CONFIRMED', fmt)).toBe('Confirmé');
      expect(eventValue('startDate', '2026-09-01', fmt)).toBe('jour 2026-09-01');
      expect(eventValue('endDate', '2026-09-02', fmt)).toBe('jour 2026-09-02');
      expect(eventValue('venue', 'Lyon', fmt)).toBeNull();
      expect(eventValue('endDate', null, fmt)).toBeNull();
    });
  });
});
