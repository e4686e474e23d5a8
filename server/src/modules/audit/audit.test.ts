import { Client } from 'pg';
import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';

const TRAIL = `query($type: String!, $id: ID!, $first: Int) {
  auditTrail(entityType: $type, entityId: $id, first: $first) {
    totalCount
    edges { node { action changes labels actor { name } } }
  }
}`;

interface Entry {
  action: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  labels: Record<string, string>;
  actor: { name: string } | null;
}

describe('audit trail of a contact', () => {
  let api: TestApi;
  let admin: TestClient;
  let user: TestClient;
  let userId: string;
  let statements: string[] = [];
  let counting = false;
  const original = Client.prototype.query;

  beforeAll(async () => {
    api = await startTestApi();
    const ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const colleague = await addUser(ws.workspaceId, undefined, 'Camille Commerciale');
    userId = colleague.userId;
    user = await clientFor(api, colleague);
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const first = args[0] as string | { text?: string };
        statements.push(typeof first === 'string' ? first : (first?.text ?? '?'));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });

  afterAll(async () => {
    Client.prototype.query = original;
    await api.close();
    await closeFactories();
  });

  async function company(name: string): Promise<{ id: string; contactId: string }> {
    const { createCompany } = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name,
          city: 'Lyon',
          mainContact: { firstName: 'Anne', lastName: name, email: 'anne@example.fr', phoneDirect: '04 72 00 00 01' },
        },
      },
    );
    return { id: createCompany.id, contactId: createCompany.mainContact.id };
  }

  async function trail(client: TestClient, type: string, id: string, first = 20): Promise<Entry[]> {
    const data = await client.ok(TRAIL, { type, id, first });
    return data.auditTrail.edges.map((e: { node: Entry }) => e.node);
  }

  it('lets a user read who changed what, with the names of the values the changes refer to', async () => {
    const from = await company('Société Avant');
    const to = await company('Société Après');
    const { allSettingOptions } = await admin.ok(`{ allSettingOptions { id list label } }`);
    const source = (allSettingOptions as { id: string; list: string; label: string }[]).find(
      (o) => o.list === 'SOURCE',
    ) as { id: string; label: string };
    // The normal user edits the contact: position, source, salesperson and company.
    await user.ok(`mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`, {
      id: from.contactId,
      input: { position: 'Directrice', sourceId: source.id, salespersonId: userId, companyId: to.id },
    });

    const [update] = await trail(user, 'Contact', from.contactId);
    expect(update.action).toBe('update');
    expect(update.actor?.name).toBe('Camille Commerciale');
    expect(update.changes.position).toEqual({ from: null, to: 'Directrice' });
    expect(update.changes.sourceId).toEqual({ from: null, to: source.id });
    expect(update.labels).toEqual({
      [source.id]: source.label,
      [userId]: 'Camille Commerciale',
      [from.id]: 'Société Avant',
      [to.id]: 'Société Après',
      // The admin who created the contact was its salesperson.
      [update.changes.salespersonId.from as string]: 'Test Admin',
    });

    // Same rule as a company's trail: any signed-in user of the workspace reads it.
    await user.ok(`mutation($id: ID!, $c: ID!) { setMainContact(companyId: $id, contactId: $c) { id } }`, {
      id: to.id,
      c: from.contactId,
    });
    const [main] = await trail(user, 'Company', to.id);
    expect(main.changes.mainContactId).toEqual({ from: to.contactId, to: from.contactId });
    expect(main.labels).toEqual({ [to.contactId]: 'Anne Société Après', [from.contactId]: 'Anne Société Avant' });
  });

  it('reads a page of entries and their labels with the same few statements at any length', async () => {
    const { contactId } = await company('Société Longue');
    const { allSettingOptions } = await admin.ok(`{ allSettingOptions { id list } }`);
    const sources = (allSettingOptions as { id: string; list: string }[]).filter((o) => o.list === 'SOURCE');
    expect(sources.length).toBeGreaterThan(1);
    for (let i = 0; i < 12; i++)
      await admin.ok(
        `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`,
        {
          id: contactId,
          input: { position: `Poste ${i}`, sourceId: sources[i % sources.length].id },
        },
      );

    async function measure(first: number): Promise<{ entries: Entry[]; statements: string[] }> {
      statements = [];
      counting = true;
      const entries = await trail(user, 'Contact', contactId, first);
      counting = false;
      return { entries, statements };
    }
    const small = await measure(2);
    const large = await measure(12);
    expect(small.entries).toHaveLength(2);
    expect(large.entries).toHaveLength(12);
    expect(large.entries.every((e) => Object.keys(e.labels).length > 0)).toBe(true);
    expect(large.statements.length).toBe(small.statements.length);
  });
});
