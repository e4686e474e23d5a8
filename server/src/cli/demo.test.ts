import { TestClient, type TestApi, closeFactories, startTestApi } from '../../test/harness';
import { TASK_TIME_ZONE } from '../modules/activity/activity.service';
import { dateOnlyDeadline, deadlineText } from '../modules/activity/task-assignment';
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
      tasks: { totalCount: number; edges: { node: { deadline: string } }[] };
      quotes: { edges: { node: { totalExclTax: string; event: { name: string } | null } }[] };
    }>(`{
      companies(first: 50) { totalCount }
      contacts(first: 50) { totalCount }
      events(first: 50) { totalCount }
      tasks(first: 10) { totalCount edges { node { deadline } } }
      quotes(first: 5) { edges { node { totalExclTax event { name } } } }
    }`);
    expect(data.companies.totalCount).toBe(8);
    expect(data.contacts.totalCount).toBe(12);
    expect(data.events.totalCount).toBe(5);
    expect(data.tasks.totalCount).toBe(1);
    // Its deadline is a day, as the app's date picker sets one (23:59 in Paris): shown and mailed without a time.
    expect(deadlineText(new Date(data.tasks.edges[0].node.deadline), TASK_TIME_ZONE)).not.toMatch(/ à /);
    expect(dateOnlyDeadline(new Date(data.tasks.edges[0].node.deadline), TASK_TIME_ZONE)).not.toBeNull();
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
