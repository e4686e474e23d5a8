import { Client } from 'pg';
import { apiAdminPerFile, clientFor, createWorkspaceWithAdmin, errorCode } from '../../../test/harness';
import { withTenant } from '../../db/tenant-scope';
import { planScans } from '../../../test/plans';
import { tenantSql } from '../record-list/list-fixtures';
import { addDays, today } from './dates';

/**
 * Deleting and restoring events (the trash), and the events page's list: upcoming events
 * first, then past ones, paged by cursor at a fixed number of statements.
 */
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id name mainContact { id } } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const DELETE_EVENT = `mutation($id: ID!) { deleteEvent(id: $id) { id deletedAt deletedBy { id } } }`;
const RESTORE_EVENT = `mutation($id: ID!) { restoreEvent(id: $id) { id deletedAt } }`;
const COUNTS = `query($c: ID!, $k: ID!) { company(id: $c) { eventCount } contact(id: $k) { eventCount } }`;
const LIST_COUNTS = `query($name: String!) {
  companies(filter: { column: "name", op: EQUALS, value: $name }) { edges { node { id eventsCount } } }
  contacts(filter: { column: "company", op: EQUALS, value: $name }) { edges { node { id eventsCount } } } }`;
const TAB = `query($filter: EventFilter) { events(filter: $filter) { totalCount edges { node { id } } } }`;
const TRASH = `query($after: String) { events(filter: { deleted: true }, first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id name deletedAt deletedBy { id } } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, kinds: [EVENT]) { groups { kind hits { id } } } }`;
const UPCOMING = `query($first: Int, $after: String, $filter: EventFilter) {
  events(orderBy: UPCOMING_FIRST, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name startDate endDate contactCount company { id name } salesperson { id name } } } } }`;

const newClient = (name: string) => ({
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
});

describe('event deletion, trash and the events list', () => {
  const file = apiAdminPerFile();

  const company = async (name: string) =>
    (await file.admin.ok(CREATE_COMPANY, { input: newClient(name) })).createCompany as {
      id: string;
      name: string;
      mainContact: { id: string };
    };
  const event = async (companyId: string, name: string, startDate: string, contactIds: string[] = []) =>
    (await file.admin.ok(CREATE_EVENT, { input: { companyId, name, startDate, contactIds } })).createEvent.id as string;
  const hitIds = async (q: string) =>
    ((await file.admin.ok(SEARCH, { q })).search.groups as { kind: string; hits: { id: string }[] }[])
      .flatMap((g) => g.hits)
      .map((h) => h.id);

  it('deletes an event out of the tabs, counts, lists and search, and restores it everywhere', async () => {
    const c = await company('Corbeille Événements');
    const k = c.mainContact.id;
    const gone = await event(c.id, 'Séminaire Zanzibar', '2026-05-10', [k]);
    const kept = await event(c.id, 'Cocktail Zanzibar', '2026-05-11', [k]);
    expect((await file.admin.ok(COUNTS, { c: c.id, k })).company.eventCount).toBe(2);

    const deleted = (await file.admin.ok(DELETE_EVENT, { id: gone })).deleteEvent;
    expect(deleted.deletedAt).toEqual(expect.any(String));
    expect(deleted.deletedBy).toEqual({ id: file.ws.userId });

    expect(await file.admin.ok(COUNTS, { c: c.id, k })).toEqual({
      company: { eventCount: 1 },
      contact: { eventCount: 1 },
    });
    const lists = await file.admin.ok(LIST_COUNTS, { name: c.name });
    expect(lists.companies.edges).toEqual([{ node: { id: c.id, eventsCount: 1 } }]);
    expect(lists.contacts.edges).toEqual([{ node: { id: k, eventsCount: 1 } }]);
    const ids = async (filter: Record<string, unknown>) =>
      ((await file.admin.ok(TAB, { filter })).events.edges as { node: { id: string } }[]).map((e) => e.node.id);
    expect(await ids({ companyId: c.id })).toEqual([kept]);
    expect(await ids({ contactId: k })).toEqual([kept]);
    expect(await ids({ query: 'Zanzibar' })).toEqual([kept]);
    expect(await ids({ query: 'seminaire zanz' })).toEqual([]);
    expect(await ids({ query: 'COCKTAIL zanz' })).toEqual([kept]);
    // By the client's name, accents ignored.
    expect(await ids({ query: 'corbeille evenements' })).toEqual([kept]);
    expect(await hitIds('Zanzibar')).toEqual([kept]);
    // The event page: gone, unless asked for the trash's read-only view.
    expect(errorCode(await file.admin.gql('query($id: ID!) { event(id: $id) { id } }', { id: gone }))).toBe(
      'NOT_FOUND',
    );
    const inTrash = await file.admin.ok('query($id: ID!) { event(id: $id, includeDeleted: true) { id deletedAt } }', {
      id: gone,
    });
    expect(inTrash.event.deletedAt).toEqual(expect.any(String));
    // Neither edited nor deleted twice while in the trash.
    expect(
      errorCode(
        await file.admin.gql('mutation($id: ID!) { updateEvent(id: $id, input: { name: "X" }) { id } }', { id: gone }),
      ),
    ).toBe('NOT_FOUND');
    expect(errorCode(await file.admin.gql(DELETE_EVENT, { id: gone }))).toBe('NOT_FOUND');
    expect(errorCode(await file.admin.gql(RESTORE_EVENT, { id: kept }))).toBe('CONFLICT');

    const trash = (await file.admin.ok(TRASH, {})).events;
    expect(trash.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(gone);

    expect((await file.admin.ok(RESTORE_EVENT, { id: gone })).restoreEvent.deletedAt).toBeNull();
    expect(await file.admin.ok(COUNTS, { c: c.id, k })).toEqual({
      company: { eventCount: 2 },
      contact: { eventCount: 2 },
    });
    expect((await ids({ contactId: k })).sort()).toEqual([gone, kept].sort());
    expect((await hitIds('Zanzibar')).sort()).toEqual([gone, kept].sort());
    expect(await ids({ query: 'seminaire zanz' })).toEqual([gone]);
    const trashAfter = (await file.admin.ok(TRASH, {})).events;
    expect(trashAfter.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(gone);

    const trail = await file.admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Event", entityId: $id) { edges { node { action actor { id } } } } }`,
      { id: gone },
    );
    expect(trail.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'restore',
      'delete',
      'create',
    ]);
  });

  it('pages the trash newest deletion first; read-only keys may not open it', async () => {
    const c = await company('Corbeille Pages');
    const ids = [];
    for (const name of ['Un', 'Deux', 'Trois']) {
      const id = await event(c.id, `Page ${name}`, '2026-03-01');
      await file.admin.ok(DELETE_EVENT, { id });
      ids.push(id);
    }
    const first = (await file.admin.ok(TRASH, {})).events;
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await file.admin.ok(TRASH, { after: first.pageInfo.endCursor })).events;
    expect(next.edges[0].node.id).toBe(ids[0]);
    const key = (
      await file.admin.ok('mutation { createApiKey(input: { name: "lecture", scope: READ_ONLY }) { secret } }')
    ).createApiKey.secret as string;
    const res = await fetch(`${file.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: TRASH }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses to delete an event an issued invoice names, and keeps a draft quote linked', async () => {
    const c = await company('Facturé SARL');
    const id = await event(c.id, 'Gala facturé', '2026-09-09');
    const line = { description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' };
    const quote = (
      await file.admin.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
        input: { companyId: c.id, eventId: id, lines: [line] },
      })
    ).createQuote;
    const inv = (
      await file.admin.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
        input: { companyId: c.id, eventId: id, lines: [line] },
      })
    ).createInvoice;
    const issued = (await file.admin.ok(`mutation($id: ID!) { issueInvoice(id: $id) { number } }`, { id: inv.id }))
      .issueInvoice;
    const refused = await file.admin.gql(DELETE_EVENT, { id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toBe(
      `Cet événement ne peut pas être supprimé : il figure sur la facture émise ${issued.number}, qui doit garder son événement.`,
    );
    expect((await file.admin.ok('query($id: ID!) { event(id: $id) { id } }', { id })).event.id).toBe(id);

    // A draft invoice does not hold the event back, but it is not issued while the event is in the trash.
    const drafted = await event(c.id, 'Gala brouillon', '2026-09-11');
    const draft = (
      await file.admin.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
        input: { companyId: c.id, eventId: drafted, lines: [line] },
      })
    ).createInvoice;
    await file.admin.ok(DELETE_EVENT, { id: drafted });
    const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { number status } }`;
    const blocked = await file.admin.gql(ISSUE, { id: draft.id });
    expect(errorCode(blocked)).toBe('CONFLICT');
    expect(blocked.errors?.[0]?.message).toContain('« Gala brouillon ») est dans la corbeille');
    await file.admin.ok(RESTORE_EVENT, { id: drafted });
    expect((await file.admin.ok(ISSUE, { id: draft.id })).issueInvoice.status).toBe('ISSUED');
    expect(errorCode(await file.admin.gql(DELETE_EVENT, { id: drafted }))).toBe('CONFLICT');

    // Without issued invoices it goes; the draft quote keeps it, and saving the quote as it is still works.
    const other = await event(c.id, 'Gala devis', '2026-09-10');
    await file.admin.ok(
      `mutation($id: ID!, $input: QuoteFieldsInput!) { updateQuote(id: $id, input: $input) { id } }`,
      {
        id: quote.id,
        input: { eventId: other },
      },
    );
    await file.admin.ok(DELETE_EVENT, { id: other });
    const q = await file.admin.ok(
      `mutation($id: ID!, $input: QuoteFieldsInput!) { updateQuote(id: $id, input: $input) { event { id } } }`,
      { id: quote.id, input: { eventId: other, notes: 'encore' } },
    );
    expect(q.updateQuote.event).toEqual({ id: other });
    // A deleted event cannot be linked anew.
    const fresh = await file.admin.gql(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
      input: { companyId: c.id, eventId: other, lines: [line] },
    });
    expect(errorCode(fresh)).toBe('BAD_USER_INPUT');
    expect((fresh.errors?.[0]?.extensions?.fields as { path: string[]; message: string }[])[0]).toMatchObject({
      path: ['input', 'eventId'],
      message: 'Cet événement est dans la corbeille : restaurez-le pour y lier un document.',
    });
  });

  it("refuses to restore an event whose company is deleted, and hides a deleted company's events", async () => {
    const c = await company('Société Disparue');
    const id = await event(c.id, 'Orphelin Quokka', '2026-10-01');
    await file.admin.ok(DELETE_EVENT, { id });
    await file.admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: c.id });
    const r = await file.admin.gql(RESTORE_EVENT, { id });
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0]?.message).toContain('Société Disparue');
    await file.admin.ok('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: c.id });
    await file.admin.ok(RESTORE_EVENT, { id });
    const live = await event(c.id, 'Vivant Quokka', '2026-10-02');
    await file.admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: c.id });
    const all = (await file.admin.ok(UPCOMING, { filter: { query: 'Quokka' } })).events;
    expect(all.totalCount).toBe(0);
    expect(await hitIds('Quokka')).toEqual([]);
    expect(live).toEqual(expect.any(String));
  });

  it('lists upcoming events soonest first, then past ones latest first, paged by cursor', async () => {
    const fresh = await createWorkspaceWithAdmin();
    const client = await clientFor(file.api, fresh);
    const c = (await client.ok(CREATE_COMPANY, { input: newClient('Agenda SA') })).createCompany;
    const day = today();
    const dates: Record<string, string> = {
      'Passé lointain': addDays(day, -300),
      Hier: addDays(day, -1),
      "Aujourd'hui": day,
      'Dans un mois': addDays(day, 30),
      Demain: addDays(day, 1),
      'Passé récent': addDays(day, -10),
    };
    for (const [name, startDate] of Object.entries(dates))
      await client.ok(CREATE_EVENT, {
        input: { companyId: c.id, name, startDate, contactIds: name === 'Demain' ? [c.mainContact.id] : [] },
      });
    const deleted = (
      await client.ok(CREATE_EVENT, { input: { companyId: c.id, name: 'Supprimé', startDate: addDays(day, 2) } })
    ).createEvent.id;
    await client.ok(DELETE_EVENT, { id: deleted });
    const names: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { name: string; contactCount: number; company: { name: string }; salesperson: unknown } }[];
      } = (await client.ok(UPCOMING, { first: 2, after })).events;
      expect(page.totalCount).toBe(6);
      names.push(...page.edges.map((e) => e.node.name));
      if (page.edges[0]?.node.name === 'Demain') {
        expect(page.edges[0].node).toMatchObject({
          contactCount: 1,
          company: { name: 'Agenda SA' },
          salesperson: { id: fresh.userId },
        });
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 10);
    expect(names).toEqual(["Aujourd'hui", 'Demain', 'Dans un mois', 'Hier', 'Passé récent', 'Passé lointain']);
    // One page across both halves, and a filter by period.
    const all = (await client.ok(UPCOMING, { first: 10 })).events;
    expect(all.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(names);
    const period = (await client.ok(UPCOMING, { filter: { from: addDays(day, -10), to: day } })).events;
    expect(period.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      "Aujourd'hui",
      'Hier',
      'Passé récent',
    ]);
    expect(errorCode(await client.gql(UPCOMING, { after: 'bm9wZQ' }))).toBe('BAD_USER_INPUT');
  });

  it('pages on in the order of the first page when a page is read after midnight', async () => {
    const fresh = await createWorkspaceWithAdmin();
    const client = await clientFor(file.api, fresh);
    const c = (await client.ok(CREATE_COMPANY, { input: newClient('Minuit SA') })).createCompany;
    // 20:00 in Paris on the 15th, then 10:00 on the 16th: "today" moves between two pages.
    const evening = new Date('2030-06-15T18:00:00Z');
    const nextMorning = new Date('2030-06-16T08:00:00Z');
    const day = today(evening);
    const dates: Record<string, string> = {
      'Avant-hier': addDays(day, -2),
      Hier: addDays(day, -1),
      "Aujourd'hui": day,
      Demain: addDays(day, 1),
      'Après-demain': addDays(day, 2),
    };
    for (const [name, startDate] of Object.entries(dates))
      await client.ok(CREATE_EVENT, { input: { companyId: c.id, name, startDate } });
    type UpcomingPage = {
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { name: string } }[];
    };
    const names: string[] = [];
    try {
      file.api.deps.clock = () => evening;
      let page: UpcomingPage = (await client.ok(UPCOMING, { first: 2 })).events;
      names.push(...page.edges.map((e) => e.node.name));
      // The next pages are read the next day: they go on from the first page's "today".
      file.api.deps.clock = () => nextMorning;
      while (page.pageInfo.hasNextPage && names.length < 10) {
        page = (await client.ok(UPCOMING, { first: 2, after: page.pageInfo.endCursor })).events;
        names.push(...page.edges.map((e) => e.node.name));
      }
      expect(names).toEqual(["Aujourd'hui", 'Demain', 'Après-demain', 'Hier', 'Avant-hier']);
      // A new first page takes the new day: yesterday's event is now a past one.
      const fresh1: UpcomingPage = (await client.ok(UPCOMING, { first: 2 })).events;
      expect(fresh1.edges.map((e) => e.node.name)).toEqual(['Demain', 'Après-demain']);
    } finally {
      delete file.api.deps.clock;
    }
    // A cursor handed out before the day was carried (three values) still pages on, from today.
    const legacy = Buffer.from(JSON.stringify(['P', addDays(day, -1), c.id])).toString('base64url');
    expect((await client.ok(UPCOMING, { first: 2, after: legacy })).events.edges).toBeDefined();
    const bad = Buffer.from(JSON.stringify(['U', day, c.id, 'hier'])).toString('base64url');
    expect(errorCode(await client.gql(UPCOMING, { after: bad }))).toBe('BAD_USER_INPUT');
  });

  it('sorts the events page by date, name, client or status either way, paged by cursor, filtered by status', async () => {
    const fresh = await createWorkspaceWithAdmin();
    const client = await clientFor(file.api, fresh);
    const SORTED = `query($first: Int, $after: String, $filter: EventFilter, $order: EventOrder) {
      events(orderBy: $order, first: $first, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } }`;
    const zoe = (await client.ok(CREATE_COMPANY, { input: newClient('Zoé Traiteur') })).createCompany.id;
    const alpha = (await client.ok(CREATE_COMPANY, { input: newClient('alpha Conseil') })).createCompany.id;
    const eric = (await client.ok(CREATE_COMPANY, { input: newClient('Éric Lumière') })).createCompany.id;
    // [name, client, start date, status]
    const rows: [string, string, string, string][] = [
      ['Gala', zoe, '2027-03-01', 'CONFIRMED'],
      ['atelier', alpha, '2027-01-15', 'OPTION'],
      ['Été festif', eric, '2027-07-01', 'DONE'],
      ['Brunch', zoe, '2027-02-01', 'CANCELLED'],
      ['Conférence', alpha, '2027-05-01', 'CONFIRMED'],
      ['Dîner', eric, '2027-01-15', 'OPTION'],
      ['Cocktail', zoe, '2027-04-01', 'OPTION'],
    ];
    for (const [name, companyId, startDate, status] of rows)
      await client.ok(CREATE_EVENT, { input: { companyId, name, startDate, status } });
    const all = async (order: string, filter: Record<string, unknown> = {}, first = 2) => {
      const names: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: { node: { name: string } }[];
        } = (await client.ok(SORTED, { order, first, after, filter })).events;
        names.push(...page.edges.map((e) => e.node.name));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 20);
      // The same order in one page as across pages of two.
      const one = (await client.ok(SORTED, { order, first: 50, filter })).events;
      expect(one.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(names);
      expect(one.totalCount).toBe(names.length);
      return names;
    };
    const byDate = ['atelier', 'Dîner', 'Brunch', 'Gala', 'Cocktail', 'Conférence', 'Été festif'];
    // Same day: the id decides, in the same direction both ways.
    const sameDay = (await all('OLDEST_FIRST')).slice(0, 2);
    expect([...sameDay].sort((a, b) => a.localeCompare(b))).toEqual(['atelier', 'Dîner']);
    expect((await all('OLDEST_FIRST')).slice(2)).toEqual(byDate.slice(2));
    expect(await all('NEWEST_FIRST')).toEqual([...(await all('OLDEST_FIRST'))].reverse());
    // Names as people read them: case and accents do not push "atelier" or "Été" to an end.
    const byName = ['atelier', 'Brunch', 'Cocktail', 'Conférence', 'Dîner', 'Été festif', 'Gala'];
    expect(await all('NAME_ASC')).toEqual(byName);
    expect(await all('NAME_DESC')).toEqual([...byName].reverse());
    // By client (alpha, Éric, Zoé), then start date.
    const byClient = ['atelier', 'Conférence', 'Dîner', 'Été festif', 'Brunch', 'Gala', 'Cocktail'];
    expect(await all('CLIENT_ASC')).toEqual(byClient);
    expect(await all('CLIENT_DESC')).toEqual([...byClient].reverse());
    // Status in its life order: option, confirmed, done, cancelled; then start date.
    const byStatus = (await all('STATUS_ASC')).slice(2);
    expect(byStatus).toEqual(['Cocktail', 'Gala', 'Conférence', 'Été festif', 'Brunch']);
    expect((await all('STATUS_DESC')).slice(0, 5)).toEqual([...byStatus].reverse());
    // The status filter, with the text filter and a sort, pages the same way.
    expect(await all('NAME_ASC', { status: ['OPTION', 'CONFIRMED'] }, 1)).toEqual([
      'atelier',
      'Cocktail',
      'Conférence',
      'Dîner',
      'Gala',
    ]);
    expect(await all('CLIENT_DESC', { status: ['OPTION'], query: 'zoe' }, 1)).toEqual(['Cocktail']);
    // A cursor of another order is refused, not read as this one's.
    const nameCursor = (await client.ok(SORTED, { order: 'NAME_ASC', first: 1 })).events.pageInfo.endCursor;
    expect(errorCode(await client.gql(SORTED, { order: 'CLIENT_ASC', after: nameCursor }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await client.gql(SORTED, { order: 'STATUS_ASC', after: nameCursor }))).toBe('BAD_USER_INPUT');
  });

  it('answers an events page of 5 and of 60 rows with the same few statements', async () => {
    const fresh = await createWorkspaceWithAdmin();
    const client = await clientFor(file.api, fresh);
    const sql = tenantSql(file.api.deps.dataSource, fresh.workspaceId);
    // 30 companies with two events each, half upcoming, half past, one contact on each.
    await sql(
      `WITH c AS (
         INSERT INTO company (workspace_id, name) SELECT $1, 'Client ' || i FROM generate_series(1, 30) i RETURNING id),
       k AS (INSERT INTO contact (workspace_id, company_id, first_name, last_name)
         SELECT $1, id, 'Jo', 'Doe' FROM c RETURNING id, company_id),
       e AS (INSERT INTO event (workspace_id, company_id, name, start_date, salesperson_id)
         SELECT $1, c.id, 'Salon ' || n, current_date + (n * 40 - 60), $2 FROM c, generate_series(1, 2) n
         RETURNING id, company_id)
       INSERT INTO event_contact (workspace_id, event_id, company_id, contact_id)
         SELECT $1, e.id, e.company_id, k.id FROM e JOIN k ON k.company_id = e.company_id`,
      [fresh.workspaceId, fresh.userId],
    );
    const original = Client.prototype.query;
    let statements: { text: string; values: unknown[] }[] = [];
    let counting = false;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const q = args[0] as string | { text?: string; values?: unknown[] };
        statements.push(
          typeof q === 'string'
            ? { text: q, values: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] }
            : { text: q?.text ?? '?', values: q?.values ?? [] },
        );
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const measure = async (first: number) => {
      statements = [];
      counting = true;
      const { events } = await client.ok(UPCOMING, { first });
      counting = false;
      return {
        rows: events.edges as { node: { contactCount: number; company: unknown; salesperson: unknown } }[],
        n: statements.length,
        statements,
      };
    };
    try {
      const small = await measure(5);
      const large = await measure(60);
      expect([small.rows.length, large.rows.length]).toEqual([5, 60]);
      expect(large.rows.every((r) => r.node.contactCount === 1 && r.node.company && r.node.salesperson)).toBe(true);
      // Session, BEGIN, count, page, companies, salespeople, contact counts, COMMIT.
      expect(large.n).toBe(small.n);
      expect(large.n).toBeLessThanOrEqual(8);
      // The page is read off the workspace's date index, both halves, whatever the workspace's size.
      const pageSql = large.statements.find((st) => st.text.includes('UNION ALL'));
      expect(pageSql).toBeDefined();
      const scans = await withTenant(file.api.deps.dataSource, fresh.workspaceId, fresh.userId, (em) =>
        // Sorts discouraged too: the halves' order must come from the index, not from sorting
        // the few rows a test workspace has (the company index then wins on a busy test table).
        planScans(em, pageSql?.text ?? '', pageSql?.values ?? [], ['event'], { noSort: true }),
      );
      expect(scans).toEqual([
        { type: 'Index Scan', relation: 'event', index: 'event_workspace_date_idx' },
        { type: 'Index Scan', relation: 'event', index: 'event_workspace_date_idx' },
      ]);
    } finally {
      Client.prototype.query = original;
    }
  });
});
