import { TestClient, type TestApi, closeFactories, startTestApi } from '../../test/harness';
import { DEMO_ADMIN_EMAIL, seedDemo } from './demo';

describe('demo workspace (npm start)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('creates the demo admin with sample clients that the API shows, once', async () => {
    const first = await seedDemo(api.deps);
    expect(first).toContain('Demo workspace created (8 sample clients)');
    expect(first).toContain(DEMO_ADMIN_EMAIL);

    const client = new TestClient(api.url);
    await client.login(DEMO_ADMIN_EMAIL, 'demo-admin-1234');
    const data = await client.ok<{
      companies: { totalCount: number };
      contacts: { totalCount: number };
      events: { totalCount: number };
      tasks: { totalCount: number };
      quotes: { edges: { node: { totalExclTax: string; event: { name: string } | null } }[] };
    }>(`{
      companies(first: 50) { totalCount }
      contacts(first: 50) { totalCount }
      events(first: 50) { totalCount }
      tasks(first: 10) { totalCount }
      quotes(first: 5) { edges { node { totalExclTax event { name } } } }
    }`);
    expect(data.companies.totalCount).toBe(8);
    expect(data.contacts.totalCount).toBe(12);
    expect(data.events.totalCount).toBe(5);
    expect(data.tasks.totalCount).toBe(1);
    expect(data.quotes.edges).toHaveLength(1);
    expect(data.quotes.edges[0].node.event?.name).toBe('Séminaire annuel');
    // 2 days × 4,500 + 120 × 38.50 + 1,200 less 10 %
    expect(data.quotes.edges[0].node.totalExclTax).toBe('14700.00');
    // The seller printed on its documents.
    const legal = await client.ok<{ workspaceLegalIdentity: Record<string, string> }>(
      '{ workspaceLegalIdentity { legalName city siret vatNumber legalForm shareCapital } }',
    );
    expect(legal.workspaceLegalIdentity).toEqual({
      legalName: 'Agence Démo Événements',
      city: 'Paris',
      siret: '91234567500017',
      vatNumber: 'FR65912345675',
      legalForm: 'SAS',
      shareCapital: '10000.00',
    });

    // A second start finds the workspace and adds nothing.
    expect(await seedDemo(api.deps)).toContain('Demo workspace ready');
    const again = await client.ok<{ companies: { totalCount: number } }>('{ companies(first: 1) { totalCount } }');
    expect(again.companies.totalCount).toBe(8);
  });
});
