import { addUser, apiAdminPerFile, clientFor, createWorkspaceWithAdmin, errorCode } from '../../../test/harness';
import { UserRole } from '../user/user.entity';

const EVENT_FIELDS = `id name startDate endDate venue status guestCount
  company { id name eventCount } contacts { id fullName eventCount } salesperson { id }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { ${EVENT_FIELDS} } }`;
const UPDATE_EVENT = `mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { ${EVENT_FIELDS} } }`;
const EVENTS = `query($filter: EventFilter, $first: Int, $after: String) {
  events(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name startDate } } } }`;
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;

type Fields = { path: (string | number)[] }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

export const newClient = (name: string, email = `${name.toLowerCase().replace(/\W/g, '')}@client.fr`) => ({
  name,
  addressLine1: '1 rue de la Paix',
  postalCode: '75002',
  city: 'Paris',
  mainContact: { firstName: 'Anne', lastName: name, email, phoneDirect: '01 42 68 53 00' },
});

describe('events', () => {
  const file = apiAdminPerFile();

  const company = async (name: string) =>
    (await file.admin.ok(CREATE_COMPANY, { input: newClient(name) })).createCompany;
  const contact = async (companyId: string, lastName: string) =>
    (await file.admin.ok(CREATE_CONTACT, { input: { companyId, firstName: 'Paul', lastName } })).createContact
      .id as string;

  it('creates an event for a company with some of its contacts; counts and lists follow, newest first', async () => {
    const acme = await company('Acme Events');
    const other = await contact(acme.id, 'Durand');
    const first = (
      await file.admin.ok(CREATE_EVENT, {
        input: {
          companyId: acme.id,
          name: ' Séminaire  annuel ',
          startDate: '2026-03-10',
          endDate: '2026-03-12',
          venue: 'Château de Versailles',
          guestCount: 120,
          contactIds: [acme.mainContact.id, other],
        },
      })
    ).createEvent;
    expect(first).toMatchObject({
      name: 'Séminaire annuel',
      status: 'OPTION',
      guestCount: 120,
      company: { id: acme.id, eventCount: 1 },
      salesperson: { id: file.ws.userId },
    });
    expect(first.contacts.map((c: { id: string }) => c.id).sort()).toEqual([acme.mainContact.id, other].sort());
    await file.admin.ok(CREATE_EVENT, {
      input: { companyId: acme.id, name: 'Soirée de gala', startDate: '2026-06-01', contactIds: [other] },
    });
    await file.admin.ok(CREATE_EVENT, { input: { companyId: acme.id, name: 'Ancien salon', startDate: '2025-01-15' } });

    const byCompany = (await file.admin.ok(EVENTS, { filter: { companyId: acme.id }, first: 2 })).events;
    expect(byCompany.totalCount).toBe(3);
    expect(byCompany.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Soirée de gala',
      'Séminaire annuel',
    ]);
    const next = (
      await file.admin.ok(EVENTS, { filter: { companyId: acme.id }, first: 2, after: byCompany.pageInfo.endCursor })
    ).events;
    expect(next.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Ancien salon']);
    expect(next.pageInfo.hasNextPage).toBe(false);

    const byContact = (await file.admin.ok(EVENTS, { filter: { contactId: other } })).events;
    expect(byContact.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Soirée de gala',
      'Séminaire annuel',
    ]);
    const main = (await file.admin.ok(EVENTS, { filter: { contactId: acme.mainContact.id } })).events;
    expect(main.totalCount).toBe(1);
  });

  it('creates the client (company and main contact) inline, and links its main contact', async () => {
    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: { name: 'Lancement produit', startDate: '2026-09-01', newClient: newClient('Nouvelle Société') },
      })
    ).createEvent;
    expect(e.company.name).toBe('Nouvelle Société');
    expect(e.contacts).toEqual([expect.objectContaining({ fullName: 'Anne Nouvelle Société', eventCount: 1 })]);
  });

  it('reports every bad field with its path, the inline client included, and creates nothing', async () => {
    const r = await file.admin.gql(CREATE_EVENT, {
      input: {
        name: '',
        startDate: '2026-02-30',
        guestCount: -1,
        newClient: { ...newClient('Ghost Corp'), mainContact: { firstName: 'A', lastName: 'B', email: 'bad' } },
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r).sort()).toEqual(
      [
        'input.name',
        'input.startDate',
        'input.guestCount',
        'input.newClient.mainContact.email',
        'input.newClient.mainContact.phoneDirect',
      ].sort(),
    );
    const picker = await file.admin.ok('{ companyPicker(query: "Ghost") { id } }');
    expect(picker.companyPicker).toEqual([]);

    const acme = await company('Dates Corp');
    const ends = await file.admin.gql(CREATE_EVENT, {
      input: { companyId: acme.id, name: 'X', startDate: '2026-05-02', endDate: '2026-05-01' },
    });
    expect(fieldPaths(ends)).toEqual(['input.endDate']);
    const neither = await file.admin.gql(CREATE_EVENT, { input: { name: 'X', startDate: '2026-05-02' } });
    expect(fieldPaths(neither)).toEqual(['input.companyId']);
  });

  it('reports every missing field of an empty new event at once, the client as missing rather than "not both"', async () => {
    const fieldsOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
      r.errors?.[0]?.extensions?.fields as { path: string[]; message: string }[];
    const empty = await file.admin.gql(CREATE_EVENT, { input: { name: '', startDate: null } });
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(empty).map((f) => [f.path.join('.'), f.message])).toEqual([
      ['input.name', expect.any(String)],
      ['input.startDate', expect.any(String)],
      ['input.companyId', 'Choisissez un client ou créez-en un.'],
    ]);
    // Both an existing company and a new client: that one says to pick one.
    const acme = await company('Both Corp');
    const both = await file.admin.gql(CREATE_EVENT, {
      input: { companyId: acme.id, newClient: newClient('Both New'), startDate: '2026-05-02' },
    });
    expect(fieldsOf(both).map((f) => f.path.join('.'))).toEqual(['input.name', 'input.companyId']);
    expect(fieldsOf(both)[1].message).toContain('pas les deux');
  });

  it("refuses a contact of another company, and moves an event only with the new company's contacts", async () => {
    const a = await company('Alpha');
    const b = await company('Beta');
    const r = await file.admin.gql(CREATE_EVENT, {
      input: { companyId: a.id, name: 'X', startDate: '2026-05-02', contactIds: [a.mainContact.id, b.mainContact.id] },
    });
    expect(fieldPaths(r)).toEqual(['input.contactIds.1']);

    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId: a.id, name: 'Move me', startDate: '2026-05-02', contactIds: [a.mainContact.id] },
      })
    ).createEvent;
    const silent = await file.admin.gql(UPDATE_EVENT, { id: e.id, input: { companyId: b.id } });
    expect(fieldPaths(silent)).toEqual(['input.contactIds']);
    const moved = (
      await file.admin.ok(UPDATE_EVENT, {
        id: e.id,
        input: { companyId: b.id, contactIds: [b.mainContact.id], status: 'CONFIRMED', endDate: '2026-05-03' },
      })
    ).updateEvent;
    expect(moved).toMatchObject({ status: 'CONFIRMED', endDate: '2026-05-03', company: { id: b.id } });
    expect(moved.contacts.map((c: { id: string }) => c.id)).toEqual([b.mainContact.id]);
  });

  it('audits an update field by field, the invited contacts named by the history', async () => {
    const a = await company('Epsilon');
    const guest = await contact(a.id, 'Invité');
    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId: a.id, name: 'Cocktail', startDate: '2026-09-01', venue: 'Lyon' },
      })
    ).createEvent;
    await file.admin.ok(UPDATE_EVENT, {
      id: e.id,
      input: { venue: 'Marseille', status: 'CONFIRMED', guestCount: 80, contactIds: [guest] },
    });
    const trail = await file.admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Event", entityId: $id) { edges { node { action changes labels } } } }`,
      { id: e.id },
    );
    const [update, create] = trail.auditTrail.edges.map((x: { node: unknown }) => x.node);
    expect(create.action).toBe('create');
    expect(update.action).toBe('update');
    expect(update.changes).toEqual({
      venue: { from: 'Lyon', to: 'Marseille' },
      status: { from: 'OPTION', to: 'CONFIRMED' },
      guestCount: { from: null, to: 80 },
      contactIds: { from: [], to: [guest] },
    });
    expect(update.labels).toEqual({ [guest]: 'Paul Invité' });
  });

  it("unlinks a contact moved to another company from its former company's events", async () => {
    const a = await company('Gamma');
    const b = await company('Delta');
    const mover = await contact(a.id, 'Mover');
    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId: a.id, name: 'Kick-off', startDate: '2026-04-01', contactIds: [mover, a.mainContact.id] },
      })
    ).createEvent;
    await file.admin.ok('mutation($id: ID!, $c: ID!) { updateContact(id: $id, input: { companyId: $c }) { id } }', {
      id: mover,
      c: b.id,
    });
    const after = (await file.admin.ok(`query($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`, { id: e.id })).event;
    expect(after.company.id).toBe(a.id);
    expect(after.contacts.map((c: { id: string }) => c.id)).toEqual([a.mainContact.id]);
    const trail = await file.admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { edges { node { action changes } } } }`,
      { id: mover },
    );
    expect(trail.auditTrail.edges[0].node.changes.eventIds).toEqual({ from: [e.id], to: [] });
  });

  it("moves the contacts of a deleted company without breaking that company's events", async () => {
    const a = await company('Epsilon');
    const b = await company('Zeta');
    const e = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId: a.id, name: 'Bilan', startDate: '2026-04-02', contactIds: [a.mainContact.id] },
      })
    ).createEvent;
    await file.admin.ok(
      'mutation($id: ID!, $to: ID!) { deleteCompany(id: $id, contacts: MOVE, moveToCompanyId: $to) { id } }',
      {
        id: a.id,
        to: b.id,
      },
    );
    // The event went to the trash with its company (it comes back with it), without the moved contacts.
    const after = (
      await file.admin.ok(`query($id: ID!) { event(id: $id, includeDeleted: true) { id contacts { id } } }`, {
        id: e.id,
      })
    ).event;
    expect(after.contacts).toEqual([]);
    const moved = (
      await file.admin.ok('query($id: ID!) { contact(id: $id) { company { id } eventCount } }', {
        id: a.mainContact.id,
      })
    ).contact;
    expect(moved).toEqual({ company: { id: b.id }, eventCount: 0 });
  });

  it('clears the salesperson given as null, on update and on create', async () => {
    const acme = await company('Sans Commercial');
    const e = (
      await file.admin.ok(CREATE_EVENT, { input: { companyId: acme.id, name: 'Gala', startDate: '2026-07-01' } })
    ).createEvent;
    expect(e.salesperson).toEqual({ id: file.ws.userId });
    const cleared = (await file.admin.ok(UPDATE_EVENT, { id: e.id, input: { name: 'Gala', salespersonId: null } }))
      .updateEvent;
    expect(cleared.salesperson).toBeNull();
    const none = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId: acme.id, name: 'Salon', startDate: '2026-07-02', salespersonId: null },
      })
    ).createEvent;
    expect(none.salesperson).toBeNull();
  });

  it('says the limit when the guest count is over it', async () => {
    const acme = await company('Grande Foule');
    const e = (
      await file.admin.ok(CREATE_EVENT, { input: { companyId: acme.id, name: 'Stade', startDate: '2026-08-01' } })
    ).createEvent;
    const r = await file.admin.gql(UPDATE_EVENT, { id: e.id, input: { guestCount: 2_000_000_000 } });
    expect(fieldPaths(r)).toEqual(['input.guestCount']);
    const [field] = r.errors?.[0]?.extensions?.fields as { message: string }[];
    expect(field.message).toBe("Le nombre d'invités doit être un nombre entier entre 0 et 1\u00a0000\u00a0000.");
    const max = (await file.admin.ok(UPDATE_EVENT, { id: e.id, input: { guestCount: 1_000_000 } })).updateEvent;
    expect(max.guestCount).toBe(1_000_000);
  });

  it("keeps each workspace's events to itself", async () => {
    const acme = await company('Private Events');
    const e = (
      await file.admin.ok(CREATE_EVENT, { input: { companyId: acme.id, name: 'Secret', startDate: '2026-01-01' } })
    ).createEvent;
    const otherWs = await createWorkspaceWithAdmin();
    const stranger = await clientFor(file.api, otherWs);
    expect(errorCode(await stranger.gql('query($id: ID!) { event(id: $id) { id } }', { id: e.id }))).toBe('NOT_FOUND');
    expect((await stranger.ok(EVENTS, {})).events.totalCount).toBe(0);
    const r = await stranger.gql(CREATE_EVENT, { input: { companyId: acme.id, name: 'X', startDate: '2026-01-01' } });
    expect(fieldPaths(r)).toEqual(['input.companyId']);
  });

  describe('a save from a stale page (expectedUpdatedAt)', () => {
    const VERSIONED = `mutation($id: ID!, $input: UpdateEventInput!, $at: DateTime) {
      updateEvent(id: $id, input: $input, expectedUpdatedAt: $at) { id venue updatedAt contacts { id } } }`;
    const GET = 'query($id: ID!) { event(id: $id) { venue updatedAt contacts { id } } }';

    it('refuses it when another user changed the event since (only its contacts), naming who and when; nothing is written', async () => {
      const acme = await company('Onglets Périmés');
      const added = await contact(acme.id, 'Ajouté');
      const e = (
        await file.admin.ok(CREATE_EVENT, {
          input: { companyId: acme.id, name: 'Salon', startDate: '2026-09-01', contactIds: [acme.mainContact.id] },
        })
      ).createEvent;
      const loaded = (await file.admin.ok(GET, { id: e.id })).event;
      const other = await addUser(file.ws.workspaceId, UserRole.USER, 'Bruno Onglet');
      const tabA = await clientFor(file.api, other);

      // Tab A adds a contact: the links alone move the event's version.
      const a = (
        await tabA.ok(VERSIONED, {
          id: e.id,
          input: { contactIds: [acme.mainContact.id, added] },
          at: loaded.updatedAt,
        })
      ).updateEvent;
      expect(a.updatedAt).not.toBe(loaded.updatedAt);

      // Tab B still shows the old contacts and changes the venue only.
      const r = await file.admin.gql(VERSIONED, {
        id: e.id,
        input: { venue: 'Lille Grand Palais', contactIds: [acme.mainContact.id] },
        at: loaded.updatedAt,
      });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0]?.message).toMatch(
        /^Cette fiche a été modifiée par Bruno Onglet à \d\d:\d\d depuis que vous l’avez ouverte : rechargez-la/,
      );
      expect(r.errors?.[0]?.extensions).toMatchObject({ currentUpdatedAt: a.updatedAt, modifiedBy: 'Bruno Onglet' });
      const now = (await file.admin.ok(GET, { id: e.id })).event;
      expect(now.venue).toBeNull();
      expect(now.updatedAt).toBe(a.updatedAt);
      expect(now.contacts.map((c: { id: string }) => c.id).sort()).toEqual([acme.mainContact.id, added].sort());

      // Reloaded, the same change passes; the version it returns is the one to save against next.
      const b = (
        await file.admin.ok(VERSIONED, { id: e.id, input: { venue: 'Lille Grand Palais' }, at: now.updatedAt })
      ).updateEvent;
      expect(b.contacts).toHaveLength(2);
      const c = (await file.admin.ok(VERSIONED, { id: e.id, input: { guestCount: 80 }, at: b.updatedAt })).updateEvent;
      expect(c.venue).toBe('Lille Grand Palais');
    });

    it('lets only one of two saves racing from the same version through', async () => {
      const acme = await company('Course Onglets');
      const e = (
        await file.admin.ok(CREATE_EVENT, { input: { companyId: acme.id, name: 'Gala', startDate: '2026-10-01' } })
      ).createEvent;
      const { updatedAt } = (await file.admin.ok(GET, { id: e.id })).event;
      const results = await Promise.all(
        ['Lyon', 'Nantes', 'Brest'].map((venue) =>
          file.admin.gql(VERSIONED, { id: e.id, input: { venue }, at: updatedAt }),
        ),
      );
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => errorCode(r) === 'CONFLICT').length).toBe(2);
    });

    it('without expectedUpdatedAt (API integrators) saves as before; a save of the same contacts does not move the version', async () => {
      const acme = await company('Intégrateur Events');
      const e = (
        await file.admin.ok(CREATE_EVENT, {
          input: { companyId: acme.id, name: 'Atelier', startDate: '2026-11-01', contactIds: [acme.mainContact.id] },
        })
      ).createEvent;
      const loaded = (await file.admin.ok(GET, { id: e.id })).event;
      await file.admin.ok(VERSIONED, { id: e.id, input: { venue: 'Paris' }, at: loaded.updatedAt });
      const blind = (await file.admin.ok(UPDATE_EVENT, { id: e.id, input: { venue: 'Lyon' } })).updateEvent;
      expect(blind.venue).toBe('Lyon');
      const before = (await file.admin.ok(GET, { id: e.id })).event;
      const same = (
        await file.admin.ok(VERSIONED, { id: e.id, input: { contactIds: [acme.mainContact.id] }, at: before.updatedAt })
      ).updateEvent;
      expect(same.updatedAt).toBe(before.updatedAt);
    });

    it('moves the version of an event whose contact leaves for another company', async () => {
      const acme = await company('Départ Contact');
      const other = await company('Arrivée Contact');
      const leaving = await contact(acme.id, 'Partant');
      const e = (
        await file.admin.ok(CREATE_EVENT, {
          input: { companyId: acme.id, name: 'Forum', startDate: '2026-12-01', contactIds: [leaving] },
        })
      ).createEvent;
      const loaded = (await file.admin.ok(GET, { id: e.id })).event;
      await file.admin.ok(
        'mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }',
        {
          id: leaving,
          input: { companyId: other.id },
        },
      );
      const r = await file.admin.gql(VERSIONED, { id: e.id, input: { venue: 'Rennes' }, at: loaded.updatedAt });
      expect(errorCode(r)).toBe('CONFLICT');
    });
  });
});
