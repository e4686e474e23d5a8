import { apiAdminPerFile, clientFor, createWorkspaceWithAdmin, errorCode } from '../../../test/harness';

/**
 * The client of a new event, quote or invoice created "where you are" (seeds: « Depuis la Fiche
 * Événement », « À partir d'un Nouveau Devis / d'une Nouvelle Facture »): a new contact at an
 * existing company (`newContact`), and a new client's or new contact's required custom fields.
 */
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) {
  id company { id } contacts { id fullName } } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id contact { id fullName } } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id contact { id fullName } } }`;
const COMPANY = `query($id: ID!) { company(id: $id) {
  mainContact { id } contacts { id fullName customFields salesperson { id } phoneDirect { e164 } } } }`;
const CONTACT_AUDIT = `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { edges { node { action } } } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id key } }`;

type Fields = { path: (string | number)[] }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.')).sort();

const client = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  addressLine1: '1 rue de la Paix',
  postalCode: '75002',
  city: 'Paris',
  mainContact: {
    firstName: 'Anne',
    lastName: name,
    email: `${name.toLowerCase().replace(/\W/g, '')}@client.fr`,
    phoneDirect: '01 42 68 53 00',
  },
  ...extra,
});
const line = { description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' };

interface CompanyRead {
  mainContact: { id: string } | null;
  contacts: {
    id: string;
    fullName: string;
    customFields: Record<string, unknown>;
    salesperson: { id: string } | null;
    phoneDirect: { e164: string } | null;
  }[];
}

describe('new contact or new client from an event, a quote or an invoice', () => {
  const file = apiAdminPerFile();
  const company = async (name: string) =>
    (await file.admin.ok(CREATE_COMPANY, { input: client(name) })).createCompany as {
      id: string;
      mainContact: { id: string };
    };
  const read = async (id: string) => (await file.admin.ok(COMPANY, { id })).company as CompanyRead;

  it('creates a new contact of an existing company with an event, linked beside the chosen contacts, audited', async () => {
    const acme = await company('Acme Inline');
    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: {
          companyId: acme.id,
          name: 'Salon',
          startDate: '2026-10-01',
          contactIds: [acme.mainContact.id],
          newContact: { firstName: ' Paul ', lastName: 'Durand', phoneDirect: '01 42 68 53 01' },
        },
      })
    ).createEvent;
    expect(e.company.id).toBe(acme.id);
    const created = (await read(acme.id)).contacts.find((c) => c.fullName === 'Paul Durand');
    expect(created).toMatchObject({ salesperson: { id: file.ws.userId }, phoneDirect: { e164: '+33142685301' } });
    expect(e.contacts.map((c: { id: string }) => c.id).sort()).toEqual([acme.mainContact.id, created?.id].sort());
    // The main contact stays: the company already has one.
    expect((await read(acme.id)).mainContact).toEqual({ id: acme.mainContact.id });
    const audit = (await file.admin.ok(CONTACT_AUDIT, { id: created?.id })).auditTrail;
    expect(audit.edges.map((x: { node: { action: string } }) => x.node.action)).toEqual(['create']);
  });

  it("makes the new contact a quote's or an invoice's contact; a company without main contact gets it as its main one", async () => {
    const acme = await company('Sans Principal');
    await file.admin.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: acme.mainContact.id });
    expect((await read(acme.id)).mainContact).toBeNull();
    const q = (
      await file.admin.ok(CREATE_QUOTE, {
        input: { companyId: acme.id, lines: [line], newContact: { firstName: 'Léa', lastName: 'Petit' } },
      })
    ).createQuote;
    expect(q.contact.fullName).toBe('Léa Petit');
    expect((await read(acme.id)).mainContact).toEqual({ id: q.contact.id });
    const inv = (
      await file.admin.ok(CREATE_INVOICE, {
        input: { companyId: acme.id, lines: [line], newContact: { firstName: 'Marc', lastName: 'Roux' } },
      })
    ).createInvoice;
    expect(inv.contact.fullName).toBe('Marc Roux');
    expect((await read(acme.id)).mainContact).toEqual({ id: q.contact.id });
  });

  it('reports the new contact’s problems under input.newContact with the record’s own, and creates nothing', async () => {
    const acme = await company('Erreurs Inline');
    const before = (await read(acme.id)).contacts.length;
    const r = await file.admin.gql(CREATE_EVENT, {
      input: {
        companyId: acme.id,
        name: '',
        startDate: '2026-10-01',
        newContact: { firstName: 'Paul', email: 'pas-un-email', optInMethod: 'PHONE' },
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r)).toEqual(
      ['input.name', 'input.newContact.lastName', 'input.newContact.email', 'input.newContact.optInMethod'].sort(),
    );
    const quote = await file.admin.gql(CREATE_QUOTE, {
      input: { companyId: acme.id, contactId: acme.mainContact.id, newContact: { firstName: 'A', lastName: 'B' } },
    });
    expect(fieldPaths(quote)).toEqual(['input.newContact']);
    const both = await file.admin.gql(CREATE_INVOICE, {
      input: { newClient: client('Deux Contacts'), newContact: { firstName: 'A', lastName: 'B' } },
    });
    expect(fieldPaths(both)).toEqual(['input.newContact']);
    expect((await read(acme.id)).contacts.length).toBe(before);
    expect((await file.admin.ok('{ companyPicker(query: "Deux Contacts") { id } }')).companyPicker).toEqual([]);
  });

  it('requires the required custom fields of the new client, its main contact and a new contact, and stores them', async () => {
    // Its own workspace: required fields would get in the way of the other tests.
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(file.api, ws);
    await admin.ok(CREATE_FIELD, {
      input: { recordKind: 'COMPANY', labelFr: 'Secteur', type: 'TEXT', required: true },
    });
    await admin.ok(CREATE_FIELD, { input: { recordKind: 'CONTACT', labelFr: 'Badge', type: 'TEXT', required: true } });

    const missing = await admin.gql(CREATE_EVENT, {
      input: { name: 'Gala', startDate: '2026-10-01', newClient: client('Champs Requis') },
    });
    expect(fieldPaths(missing)).toEqual(
      ['input.newClient.customFields.secteur', 'input.newClient.mainContact.customFields.badge'].sort(),
    );
    const e = (
      await admin.ok(CREATE_EVENT, {
        input: {
          name: 'Gala',
          startDate: '2026-10-01',
          newClient: client('Champs Requis', {
            customFields: { secteur: 'Luxe' },
            mainContact: { ...client('Champs Requis').mainContact, customFields: { badge: 'VIP' } },
          }),
        },
      })
    ).createEvent;
    const read2 = async () => (await admin.ok(COMPANY, { id: e.company.id })).company as CompanyRead;
    expect((await read2()).contacts).toEqual([expect.objectContaining({ customFields: { badge: 'VIP' } })]);

    const noBadge = await admin.gql(CREATE_QUOTE, {
      input: { companyId: e.company.id, newContact: { firstName: 'Paul', lastName: 'Durand' } },
    });
    expect(fieldPaths(noBadge)).toEqual(['input.newContact.customFields.badge']);
    const q = (
      await admin.ok(CREATE_QUOTE, {
        input: {
          companyId: e.company.id,
          newContact: { firstName: 'Paul', lastName: 'Durand', customFields: { badge: 'Presse' } },
        },
      })
    ).createQuote;
    expect((await read2()).contacts.find((c) => c.id === q.contact.id)?.customFields).toEqual({ badge: 'Presse' });
  });
});
