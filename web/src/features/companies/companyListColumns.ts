import { request } from '@/api/graphql';
import {
  BulkUpdateCompaniesDocument,
  CompaniesGroupByDocument,
  CompanyListDocument,
  type BulkCompanyPatch,
  type CompanyListRowFragment,
} from '@/gql/graphql';
import type { GridColumn, GridSource } from '@/features/record-list/types';

type Row = CompanyListRowFragment;
const L = (key: string) => `recordList.company.${key}`;

/** The company list's columns (the seeds' "Explication des colonnes : liste de vos Clients"). */
export const companyColumns: GridColumn<Row>[] = [
  {
    key: 'name',
    label: L('name'),
    kind: 'text',
    groupable: true,
    defaultVisible: true,
    width: 220,
    value: (r) => r.name,
    link: (r) => ({ name: 'company', params: { id: r.id } }),
  },
  {
    key: 'mainContact',
    label: L('mainContact'),
    kind: 'text',
    defaultVisible: true,
    value: (r) => r.mainContact?.fullName,
    link: (r) => (r.mainContact ? { name: 'contact', params: { id: r.mainContact.id } } : null),
  },
  {
    key: 'mainContactPhone',
    label: L('phone'),
    kind: 'phone',
    defaultVisible: true,
    value: (r) => r.mainContact?.phoneDirect?.national,
  },
  {
    key: 'mainContactEmail',
    label: L('email'),
    kind: 'text',
    defaultVisible: true,
    value: (r) => r.mainContact?.email,
  },
  {
    key: 'companyType',
    label: L('companyType'),
    kind: 'choice',
    settingList: 'COMPANY_TYPE',
    groupable: true,
    defaultVisible: true,
    value: (r) => r.companyType?.label,
    groupKey: (r) => r.companyType?.id ?? null,
  },
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
  {
    key: 'contactsCount',
    label: L('contactsCount'),
    kind: 'number',
    groupable: true,
    defaultVisible: true,
    width: 130,
    value: (r) => r.contactsCount,
  },
  {
    key: 'addressLine1',
    label: L('addressLine1'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.addressLine1,
  },
  {
    key: 'addressLine2',
    label: L('addressLine2'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.addressLine2,
  },
  {
    key: 'postalCode',
    label: L('postalCode'),
    kind: 'text',
    groupable: true,
    defaultVisible: true,
    width: 110,
    value: (r) => r.postalCode,
  },
  { key: 'city', label: L('city'), kind: 'text', groupable: true, defaultVisible: true, value: (r) => r.city },
  {
    key: 'country',
    label: L('country'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.country,
  },
  {
    key: 'languages',
    label: L('languages'),
    kind: 'multiChoice',
    settingList: 'LANGUAGE',
    defaultVisible: false,
    value: (r) => r.languages?.map((l) => l.label).join(', '),
  },
  {
    key: 'vatNumber',
    label: L('vatNumber'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.vatNumber,
  },
  { key: 'siret', label: L('siret'), kind: 'text', groupable: true, defaultVisible: false, value: (r) => r.siret },
  {
    key: 'apeCode',
    label: L('apeCode'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.apeCode,
  },
  {
    key: 'accountingAccount',
    label: L('accountingAccount'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.accountingAccount,
  },
  {
    key: 'website',
    label: L('website'),
    kind: 'text',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.website,
  },
  {
    key: 'parent',
    label: L('parent'),
    kind: 'company',
    groupable: true,
    defaultVisible: false,
    value: (r) => r.parent?.name,
    groupKey: (r) => r.parent?.id ?? null,
    link: (r) => (r.parent ? { name: 'company', params: { id: r.parent.id } } : null),
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
    key: 'optIn',
    label: L('optIn'),
    kind: 'boolean',
    groupable: true,
    defaultVisible: false,
    width: 80,
    value: (r) => r.optIn,
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

const MAIN_CONTACT_COLUMNS = ['mainContact', 'mainContactPhone', 'mainContactEmail'];

export const companySource: GridSource<Row> = {
  list: 'COMPANIES',
  columns: companyColumns,
  customFields: 'COMPANY',
  rowId: (r) => r.id,
  async fetchPage(args, shown) {
    const { companies } = await request(CompanyListDocument, {
      ...args,
      withMainContact: MAIN_CONTACT_COLUMNS.some((k) => shown.has(k)),
      withEvents: shown.has('eventsCount'),
      withContacts: shown.has('contactsCount'),
      withLanguages: shown.has('languages'),
      withParent: shown.has('parent'),
    });
    return {
      rows: companies.edges.map((e) => e.node),
      totalCount: companies.totalCount,
      endCursor: companies.pageInfo.endCursor,
      hasNextPage: companies.pageInfo.hasNextPage,
      startCursor: companies.pageInfo.startCursor ?? null,
      previousEndCursor: companies.pageInfo.previousEndCursor ?? null,
    };
  },
  async fetchGroups(column, filter) {
    return (await request(CompaniesGroupByDocument, { column, filter })).companiesGroupBy;
  },
  actions: (r) => ({
    edit: { name: 'company', params: { id: r.id } },
    // The envelope opens the record's email composer.
    email: { name: 'company', params: { id: r.id }, query: { tab: 'activity', compose: 'email' } },
    newEvent: `/events/new?companyId=${encodeURIComponent(r.id)}`,
  }),
  // No bulk deletion: deleting a company asks what becomes of its contacts (DeleteCompanyDialog).
  bulk: {
    updatedMessage: 'recordList.bulk.companiesUpdated',
    records: 'recordList.bulk.companiesCount',
    fields: [
      {
        key: 'companyTypeId',
        label: L('companyType'),
        the: 'recordList.bulk.the.companyTypeId',
        settingList: 'COMPANY_TYPE',
      },
    ],
    confirmTexts: {
      activate: 'recordList.bulk.activateCompaniesConfirm',
      deactivate: 'recordList.bulk.deactivateCompaniesConfirm',
    },
    label: (r) => r.name,
    async update(target, patch) {
      return (await request(BulkUpdateCompaniesDocument, { ...target, input: patch as BulkCompanyPatch }))
        .bulkUpdateCompanies.count;
    },
  },
};
