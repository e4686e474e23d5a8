import {
  type TestApi,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import type { Ctx } from '../../common/context';
import { withTenant } from '../../db/tenant-scope';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { UserRole } from '../user/user.entity';
import { pipeline } from './pipeline.service';

const COLUMNS = '{ pipelineColumns { id label position stateIds states { label } } }';
const BOARD = `query($filter: PipelineFilterInput, $first: Int) { pipeline(filter: $filter, first: $first) {
  column { id label } totalCount hasNextPage endCursor contacts { id fullName progressState { label } } } }`;
const MORE = `query($columnId: ID!, $filter: PipelineFilterInput, $first: Int, $after: String) {
  pipelineColumnContacts(columnId: $columnId, filter: $filter, first: $first, after: $after) {
    totalCount hasNextPage endCursor contacts { fullName } } }`;
const MOVE = `mutation($contactId: ID!, $columnId: ID!) { moveContactInPipeline(contactId: $contactId, columnId: $columnId) {
  id progressState { label } } }`;
const CREATE_COLUMN = `mutation($input: PipelineColumnInput!) { createPipelineColumn(input: $input) { id label position stateIds } }`;
const UPDATE_COLUMN = `mutation($id: ID!, $input: PipelineColumnInput!) { updatePipelineColumn(id: $id, input: $input) {
  id label position stateIds } }`;

type Fields = { path: string[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

interface Column {
  id: string;
  label: string;
  position: number;
  stateIds: string[];
  states: { label: string }[];
}

describe('pipeline', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  /** A workspace with its admin, the progress states by label, and a company to add contacts to. */
  async function setup() {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const all = await admin.ok('{ allSettingOptions { id list label } }');
    const states: Record<string, string> = {};
    const options: Record<string, string> = {};
    for (const o of all.allSettingOptions) {
      if (o.list === 'PROGRESS_STATE') states[o.label] = o.id;
      else options[`${o.list}:${o.label}`] = o.id;
    }
    const company = (
      await admin.ok(
        `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
        {
          input: {
            name: 'Acme',
            mainContact: { firstName: 'Zoé', lastName: 'Zed', email: 'z@acme.fr', phoneDirect: '0142685300' },
          },
        },
      )
    ).createCompany;
    const addContact = async (lastName: string, state: string | null, salespersonId?: string) =>
      (
        await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
          input: {
            companyId: company.id,
            firstName: 'Jean',
            lastName,
            progressStateId: state ? (states[state] ?? state) : null,
            ...(salespersonId ? { salespersonId } : {}),
          },
        })
      ).createContact.id as string;
    const columns = async (): Promise<Column[]> => (await admin.ok(COLUMNS)).pipelineColumns;
    return { ws, admin, states, options, company, addContact, columns };
  }

  it('a new workspace starts with columns grouping the default progress states', async () => {
    const { columns } = await setup();
    expect((await columns()).map((c) => [c.label, c.states.map((s) => s.label)])).toEqual([
      ['À qualifier', ['À qualifier']],
      ['En discussion', ['Premier contact', 'Proposition envoyée']],
      ['Négociation', ['Négociation']],
      ['Gagné', ['Gagné']],
      ['Perdu', ['Perdu']],
    ]);
  });

  it('returns columns with their contacts by name, counts, pages per column, and filters by salesperson', async () => {
    const { ws, admin, addContact } = await setup();
    const other = await addUser(ws.workspaceId, UserRole.USER, 'Autre Commercial');
    await addContact('Durand', 'Premier contact');
    await addContact('Bernard', 'Proposition envoyée');
    await addContact('Adam', 'Premier contact', other.userId);
    await addContact('Martin', 'Gagné', other.userId);
    await addContact('Sans état', null);
    // Inactive contacts stay off the board.
    const inactive = await addContact('Inactif', 'Gagné');
    await admin.ok('mutation($id: ID!) { setContactActive(id: $id, active: false) { id } }', { id: inactive });

    const board = (await admin.ok(BOARD, { first: 2 })).pipeline;
    expect(board.map((c: { column: { label: string }; totalCount: number }) => [c.column.label, c.totalCount])).toEqual(
      [
        ['À qualifier', 0],
        ['En discussion', 3],
        ['Négociation', 0],
        ['Gagné', 1],
        ['Perdu', 0],
      ],
    );
    const discussion = board[1];
    expect(discussion.contacts.map((c: { fullName: string }) => c.fullName)).toEqual(['Jean Adam', 'Jean Bernard']);
    expect(discussion.hasNextPage).toBe(true);
    const more = (await admin.ok(MORE, { columnId: discussion.column.id, first: 2, after: discussion.endCursor }))
      .pipelineColumnContacts;
    expect(more).toMatchObject({ totalCount: 3, hasNextPage: false, contacts: [{ fullName: 'Jean Durand' }] });

    const mine = (await admin.ok(BOARD, { filter: { salespersonId: other.userId } })).pipeline;
    expect(mine.map((c: { totalCount: number }) => c.totalCount)).toEqual([0, 1, 0, 1, 0]);
    expect(mine[1].contacts.map((c: { fullName: string }) => c.fullName)).toEqual(['Jean Adam']);

    const tooMany = await admin.gql(BOARD, { first: 101 });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
  });

  it('costs the same number of statements whatever the number of columns and contacts', async () => {
    const small = await setup();
    const big = await setup();
    await small.addContact('Seul', 'Négociation');
    for (let i = 0; i < 12; i++) await big.addContact(`Nom${i}`, ['Gagné', 'Perdu', 'Premier contact'][i % 3]);
    const extraState = (
      await big.admin.ok(`mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Extra" }) { id } }`)
    ).createSettingOption.id;
    await big.admin.ok(CREATE_COLUMN, { input: { label: 'Extra', stateIds: [extraState] } });
    await big.addContact('Extra', extraState);
    // A state in no column: its contacts fill the trailing column, at no extra statement.
    const orphanState = (
      await big.admin.ok(`mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Orpheline" }) { id } }`)
    ).createSettingOption.id;
    await big.addContact('Orphelin', orphanState);
    const count = async (s: Awaited<ReturnType<typeof setup>>) =>
      withTenant(api.deps.dataSource, s.ws.workspaceId, s.ws.userId, async (em, scope) => {
        const runner = em.queryRunner!;
        const original = runner.query.bind(runner);
        let n = 0;
        runner.query = ((...args: Parameters<typeof original>) => {
          n++;
          return original(...args);
        }) as typeof runner.query;
        const ctx: Ctx = {
          actor: {
            workspaceId: s.ws.workspaceId,
            userId: s.ws.userId,
            role: UserRole.ADMIN,
            apiKeyId: null,
            scope: ApiKeyScope.READ_WRITE,
            locale: 'fr',
          },
          scope,
          deps: api.deps,
        };
        const result = await pipeline(ctx, {}, 20);
        runner.query = original;
        return { n, cards: result.reduce((sum, c) => sum + c.contacts.length, 0) };
      });
    const a = await count(small);
    const b = await count(big);
    expect(a.cards).toBe(1);
    expect(b.cards).toBe(14);
    expect(b.n).toBe(a.n);
    expect(a.n).toBeLessThanOrEqual(4);
  });

  it('contacts whose state is in no column (a new state, a deleted column) fill a trailing column', async () => {
    const { ws, admin, addContact, columns, states } = await setup();
    const other = await addUser(ws.workspaceId, UserRole.USER, 'Autre Commercial');
    const relance = (
      await admin.ok(`mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Relance" }) { id } }`)
    ).createSettingOption.id;
    await addContact('Relancé', relance);
    await addContact('Perdu1', 'Perdu');
    await addContact('Perdu2', 'Perdu', other.userId);
    await addContact('Gagnant', 'Gagné');
    const labels = (board: { column: { label: string }; totalCount: number }[]) =>
      board.map((c) => [c.column.label, c.totalCount]);
    const WITH_FLAG = BOARD.replace('column { id label }', 'column { id label unassigned stateIds }');

    let board = (await admin.ok(WITH_FLAG)).pipeline;
    expect(board.at(-1)).toMatchObject({
      column: { id: 'unassigned', label: 'Autres états', unassigned: true, stateIds: [relance] },
      totalCount: 1,
      contacts: [{ fullName: 'Jean Relancé', progressState: { label: 'Relance' } }],
    });

    // The contacts of a deleted column keep their state and join it.
    const lost = (await columns()).find((c) => c.label === 'Perdu')!;
    await admin.ok('mutation($id: ID!) { deletePipelineColumn(id: $id) }', { id: lost.id });
    board = (await admin.ok(WITH_FLAG, { first: 2 })).pipeline;
    expect(labels(board)).toEqual([
      ['À qualifier', 0],
      ['En discussion', 0],
      ['Négociation', 0],
      ['Gagné', 1],
      ['Autres états', 3],
    ]);
    const trailing = board.at(-1);
    expect(trailing.contacts.map((c: { fullName: string }) => c.fullName)).toEqual(['Jean Perdu1', 'Jean Perdu2']);
    expect(trailing.hasNextPage).toBe(true);
    const more = (await admin.ok(MORE, { columnId: 'unassigned', first: 2, after: trailing.endCursor }))
      .pipelineColumnContacts;
    expect(more).toMatchObject({ totalCount: 3, hasNextPage: false, contacts: [{ fullName: 'Jean Relancé' }] });
    // Filtered like the other columns.
    const mine = (await admin.ok(BOARD, { filter: { salespersonId: other.userId } })).pipeline;
    expect(labels(mine).at(-1)).toEqual(['Autres états', 1]);

    // Cards leave it for a real column; none can be dropped on it.
    const relanced = trailing.contacts[0].id as string;
    const refused = await admin.gql(MOVE, { contactId: relanced, columnId: 'unassigned' });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(refused)).toEqual(['columnId']);
    const qualify = board[0].column.id as string;
    expect((await admin.ok(MOVE, { contactId: relanced, columnId: qualify })).moveContactInPipeline).toMatchObject({
      progressState: { label: 'À qualifier' },
    });
    board = (await admin.ok(BOARD)).pipeline;
    expect(labels(board)[0]).toEqual(['À qualifier', 1]);
    expect(labels(board).at(-1)).toEqual(['Autres états', 2]);

    // Once every state is in a column again, the trailing column is gone; pipelineColumns never lists it.
    await admin.ok(CREATE_COLUMN, { input: { label: 'Fin', stateIds: [relance, states['Perdu']] } });
    board = (await admin.ok(BOARD)).pipeline;
    expect(labels(board).map(([label]) => label)).toEqual([
      'À qualifier',
      'En discussion',
      'Négociation',
      'Gagné',
      'Fin',
    ]);
    expect((await columns()).map((c) => c.label)).not.toContain('Autres états');
  });

  it("moving a card sets the column's first state and writes the audit trail", async () => {
    const { admin, addContact, columns, states } = await setup();
    const id = await addContact('Mobile', 'À qualifier');
    const cols = await columns();
    const discussion = cols.find((c) => c.label === 'En discussion')!;
    const moved = (await admin.ok(MOVE, { contactId: id, columnId: discussion.id })).moveContactInPipeline;
    expect(moved.progressState.label).toBe('Premier contact');
    const trail = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { edges { node { action changes } } } }`,
      { id },
    );
    expect(trail.auditTrail.edges[0].node).toMatchObject({
      action: 'update',
      changes: { progressStateId: { from: states['À qualifier'], to: states['Premier contact'] } },
    });
    // A state already in the column is kept (no audit entry either).
    await admin.ok('mutation($id: ID!, $s: ID!) { updateContact(id: $id, input: { progressStateId: $s }) { id } }', {
      id,
      s: states['Proposition envoyée'],
    });
    const again = (await admin.ok(MOVE, { contactId: id, columnId: discussion.id })).moveContactInPipeline;
    expect(again.progressState.label).toBe('Proposition envoyée');
    const after = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { totalCount } }`,
      { id },
    );
    expect(after.auditTrail.totalCount).toBe(3);

    expect(errorCode(await admin.gql(MOVE, { contactId: id, columnId: '00000000-0000-0000-0000-000000000000' }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await admin.gql(MOVE, { contactId: 'nope', columnId: discussion.id }))).toBe('NOT_FOUND');
  });

  it('a column whose states are all hidden cannot receive cards', async () => {
    const { admin, addContact, columns, states } = await setup();
    const id = await addContact('Caché', 'À qualifier');
    await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: true }) { id } }', {
      id: states['Perdu'],
    });
    const lost = (await columns()).find((c) => c.label === 'Perdu')!;
    expect(errorCode(await admin.gql(MOVE, { contactId: id, columnId: lost.id }))).toBe('CONFLICT');
  });

  it('admins configure columns: states once each, progress states only; users cannot', async () => {
    const { ws, admin, columns, states, options } = await setup();
    const cols = await columns();
    // Merge "Gagné" and "Perdu" into one "Terminé" column.
    const won = cols.find((c) => c.label === 'Gagné')!;
    const lost = cols.find((c) => c.label === 'Perdu')!;
    const taken = await admin.gql(UPDATE_COLUMN, {
      id: won.id,
      input: { stateIds: [states['Gagné'], states['Perdu']] },
    });
    expect(errorCode(taken)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(taken)).toEqual(['input.stateIds.1']);
    await admin.ok('mutation($id: ID!) { deletePipelineColumn(id: $id) }', { id: lost.id });
    const merged = (
      await admin.ok(UPDATE_COLUMN, {
        id: won.id,
        input: { label: 'Terminé', stateIds: [states['Gagné'], states['Perdu']] },
      })
    ).updatePipelineColumn;
    expect(merged).toMatchObject({ label: 'Terminé', stateIds: [states['Gagné'], states['Perdu']] });

    const bad = await admin.gql(CREATE_COLUMN, {
      input: { label: ' ', stateIds: [options['CIVILITY:Mme'], 'nope', states['Gagné']] },
    });
    expect(fieldPaths(bad).sort()).toEqual(['input.label', 'input.stateIds.0', 'input.stateIds.1', 'input.stateIds.2']);
    const empty = await admin.gql(CREATE_COLUMN, { input: { label: 'Vide', stateIds: [] } });
    expect(fieldPaths(empty)).toEqual(['input.stateIds']);

    const newState = (
      await admin.ok(`mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Relance" }) { id } }`)
    ).createSettingOption.id;
    const relance = (await admin.ok(CREATE_COLUMN, { input: { label: 'Relance', stateIds: [newState] } }))
      .createPipelineColumn;
    expect(relance.position).toBe(4);
    const reordered = (
      await admin.ok('mutation($ids: [ID!]!) { reorderPipelineColumns(ids: $ids) { label position } }', {
        ids: [relance.id],
      })
    ).reorderPipelineColumns;
    expect(reordered.map((c: { label: string }) => c.label)).toEqual([
      'Relance',
      'À qualifier',
      'En discussion',
      'Négociation',
      'Terminé',
    ]);
    // Deleting the state removes it from its column.
    await admin.ok('mutation($id: ID!) { deleteSettingOption(id: $id) }', { id: newState });
    expect((await columns()).find((c) => c.label === 'Relance')!.stateIds).toEqual([]);

    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    expect(errorCode(await user.gql(CREATE_COLUMN, { input: { label: 'X', stateIds: [states['Gagné']] } }))).toBe(
      'FORBIDDEN',
    );
    // Users read and use the board.
    expect((await user.ok(BOARD)).pipeline).toHaveLength(5);
  });
});
