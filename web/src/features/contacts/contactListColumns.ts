import { request } from '@/api/graphql';
import {
  BulkDeleteContactsDocument,
  BulkUpdateContactsDocument,
  ContactListDocument,
  ContactsGroupByDocument,
  type BulkContactPatch,
  type ContactListRowFragment,
} from '@/gql/graphql';
import type { GridColumn, GridSource } from '@/features/record-list/types';

type Row = ContactListRowFragment;
const L = (key: string) => `recordList.contact.${key}`;
const THE = (key: string) => `recordList.bulk.the.${key}`;

const option = (
  key: string,
  list: 'SOURCE' | 'CIVILITY' | 'POTENTIAL' | 'SITUATION' | 'PROGRESS_STATE',
  pick: (r: Row) => { id: string; label: string } | null,
  defaultVisible: boolean,
): GridColumn<Row> => ({
  key,
  label: L(key),
  kind: 'choice',
  settingList: list,
  groupable: true,
  defaultVisible,
  value: (r) => pick(r)?.label,
  groupKey: (r) => pick(r)?.id ?? null,
});

/** The contact list's columns (the seeds' "Explication des colonnes : liste de vos Contacts clients"). */
export const contactColumns: GridColumn<Row>[] = [
  {
    key: 'name',
    label: L('name'),
    kind: 'text',
    defaultVisible: true,
    width: 200,
    value: (r) => r.fullName,
    link: (r) => ({ name: 'contact', params: { id: r.id } }),
  },
  {
    key: 'company',
    label: L('company'),
    kind: 'company',
    groupable: true,
    defaultVisible: true,
    width: 200,
    value: (r) => r.company?.name,
    groupKey: (r) => r.company?.id ?? null,
    link: (r) => (r.company ? { name: 'company', params: { id: r.company.id } } : null),
  },
  {
    key: 'phoneDirect',
    label: L('phoneDirect'),
    kind: 'phone',
    defaultVisible: true,
    value: (r) => r.phoneDirect?.national,
  },
  {
    key: 'phoneMobile',
    label: L('phoneMobile'),
    kind: 'phone',
    defaultVisible: true,
    value: (r) => r.phoneMobile?.national,
  },
  { key: 'email', label: L('email'), kind: 'text', groupable: true, defaultVisible: true, value: (r) => r.email },
  option('source', 'SOURCE', (r) => r.source, true),
  {
    key: 'eventsCount',
    label: L('eventsCount'),
    kind: 'number',
    groupable: true,
    defaultVisible: true,
    // 140: « Événements » and its ⋮ menu fit on one line.
    width: 140,
    value: (r) => r.eventsCount,
  },
  option('civility', 'CIVILITY', (r) => r.civility, false),
  {
    key: 'position',
    label: L('position'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.position,
  },
  option('potential', 'POTENTIAL', (r) => r.potential, false),
  option('situation', 'SITUATION', (r) => r.situation, false),
  {
    key: 'optIn',
    label: L('optIn'),
    kind: 'boolean',
    groupable: true,
    defaultVisible: false,
    width: 80,
    value: (r) => r.optIn,
  },
  {
    key: 'emailBouncing',
    label: L('emailBouncing'),
    kind: 'boolean',
    groupable: true,
    defaultVisible: false,
    width: 80,
    value: (r) => r.emailBouncing,
  },
  {
    key: 'active',
    label: L('active'),
    kind: 'boolean',
    groupable: true,
    defaultVisible: false,
    width: 80,
    value: (r) => r.active,
  },
  {
    key: 'salesperson',
    label: L('salesperson'),
    kind: 'user',
    groupable: true,
    defaultVisible: true,
    value: (r) => r.salesperson?.name,
    groupKey: (r) => r.salesperson?.id ?? null,
  },
  option('progressState', 'PROGRESS_STATE', (r) => r.progressState, true),
  {
    key: 'accountingAccount',
    label: L('accountingAccount'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.company?.accountingAccount,
  },
  {
    key: 'phoneSwitchboard',
    label: L('phoneSwitchboard'),
    kind: 'phone',
    defaultVisible: false,
    value: (r) => r.phoneSwitchboard?.national,
  },
  {
    key: 'createdAt',
    label: L('createdAt'),
    kind: 'date',
    defaultVisible: false,
    width: 120,
    value: (r) => r.createdAt,
  },
];

export const contactSource: GridSource<Row> = {
  list: 'CONTACTS',
  columns: contactColumns,
  customFields: 'CONTACT',
  rowId: (r) => r.id,
  async fetchPage(args, shown) {
    const { contacts } = await request(ContactListDocument, {
      ...args,
      withCompany: shown.has('company') || shown.has('accountingAccount'),
      withSalesperson: shown.has('salesperson'),
      withEvents: shown.has('eventsCount'),
    });
    return {
      rows: contacts.edges.map((e) => e.node),
      totalCount: contacts.totalCount,
      endCursor: contacts.pageInfo.endCursor,
      hasNextPage: contacts.pageInfo.hasNextPage,
      startCursor: contacts.pageInfo.startCursor ?? null,
      previousEndCursor: contacts.pageInfo.previousEndCursor ?? null,
    };
  },
  async fetchGroups(column, filter) {
    return (await request(ContactsGroupByDocument, { column, filter })).contactsGroupBy;
  },
  actions: (r) => ({
    edit: { name: 'contact', params: { id: r.id } },
    // The envelope opens the record's email composer.
    email: { name: 'contact', params: { id: r.id }, query: { compose: 'email' } },
    // The company is known when its column is loaded; otherwise the event form finds it from the contact.
    newEvent: `/events/new?${new URLSearchParams({ ...(r.company ? { companyId: r.company.id } : {}), contactId: r.id })}`,
  }),
  bulk: {
    updatedMessage: 'recordList.bulk.contactsUpdated',
    records: 'recordList.bulk.contactsCount',
    deleteTexts: {
      title: 'recordList.bulk.deleteContactsTitle',
      confirm: 'recordList.bulk.deleteContactsConfirm',
      done: 'recordList.bulk.contactsDeleted',
    },
    // The commercial relationship's fields, as the contact page edits them.
    fields: [
      { key: 'progressStateId', label: L('progressState'), the: THE('progressStateId'), settingList: 'PROGRESS_STATE' },
      { key: 'salespersonId', label: L('salesperson'), the: THE('salespersonId'), user: true },
      { key: 'situationId', label: L('situation'), the: THE('situationId'), settingList: 'SITUATION' },
      { key: 'sourceId', label: L('source'), the: THE('sourceId'), settingList: 'SOURCE' },
      { key: 'potentialId', label: L('potential'), the: THE('potentialId'), settingList: 'POTENTIAL' },
    ],
    confirmTexts: {
      activate: 'recordList.bulk.activateContactsConfirm',
      deactivate: 'recordList.bulk.deactivateContactsConfirm',
    },
    label: (r) => r.fullName,
    async update(target, patch) {
      return (await request(BulkUpdateContactsDocument, { ...target, input: patch as BulkContactPatch }))
        .bulkUpdateContacts.count;
    },
    async remove(target) {
      return (await request(BulkDeleteContactsDocument, { ...target })).bulkDeleteContacts.count;
    },
  },
};
