import type { EntityManager } from 'typeorm';
import {
  TestClient,
  type TestApi,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { UserRole } from '../user/user.entity';
import { type Ctx } from '../../common/context';
import { AppError } from '../../common/errors';
import { withTenant } from '../../db/tenant-scope';
import { DEFAULT_SETTINGS, seedDefaultSettings } from './default-settings';
import { SettingList } from './setting-option.entity';
import {
  createSettingOption,
  deleteSettingOption,
  reorderSettingOptions,
  requireOption,
  settingOptionsByIds,
  updateSettingOption,
} from './settings.service';

interface Option {
  id: string;
  list: string;
  label: string;
  position: number;
  hidden: boolean;
}

const FIELDS = 'id list label position hidden';
const LIST = `query($list: SettingList!, $includeHidden: Boolean) {
  settingOptions(list: $list, includeHidden: $includeHidden) { ${FIELDS} }
}`;
const ALL = `query($includeHidden: Boolean) { allSettingOptions(includeHidden: $includeHidden) { ${FIELDS} } }`;
const CREATE = `mutation($input: CreateSettingOptionInput!) { createSettingOption(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateSettingOptionInput!) { updateSettingOption(id: $id, input: $input) { ${FIELDS} } }`;
const REORDER = `mutation($list: SettingList!, $ids: [ID!]!) { reorderSettingOptions(list: $list, ids: $ids) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!) { deleteSettingOption(id: $id) }';
const TRAIL = `query($id: ID!) {
  auditTrail(entityType: "SettingOption", entityId: $id) { totalCount edges { node { action changes actor { id } } } }
}`;

async function list(client: TestClient, name: string, includeHidden?: boolean): Promise<Option[]> {
  return (await client.ok(LIST, { list: name, includeHidden })).settingOptions;
}

async function option(client: TestClient, listName: string, label: string): Promise<Option> {
  const found = (await list(client, listName, true)).find((o) => o.label === label);
  if (!found) throw new Error(`no ${label} in ${listName}`);
  return found;
}

const labels = (options: Option[]) => options.map((o) => o.label);

describe('Settings lists', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  const inWorkspace = <T>(ws: { workspaceId: string; userId: string }, fn: (em: EntityManager) => Promise<T>) =>
    withTenant(api.deps.dataSource, ws.workspaceId, ws.userId, fn);

  it('are seeded with the default values in every new workspace, idempotently', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    expect(labels(await list(admin, 'CIVILITY'))).toEqual(['M.', 'Mme', 'Professeur', 'Maître', 'Docteur']);
    expect(labels(await list(admin, 'SITUATION'))).toEqual(['Membre', 'Non membre']);
    expect(labels(await list(admin, 'PROGRESS_STATE'))).toEqual([
      'À qualifier',
      'Premier contact',
      'Proposition envoyée',
      'Négociation',
      'Gagné',
      'Perdu',
    ]);
    const all: Option[] = (await admin.ok(ALL)).allSettingOptions;
    for (const name of Object.values(SettingList)) {
      expect(labels(all.filter((o) => o.list === name))).toEqual(DEFAULT_SETTINGS[name]);
    }
    // Lists come in enum order, then by position.
    expect([...new Set(all.map((o) => o.list))]).toEqual(Object.values(SettingList));

    // Seeding again adds nothing (and does not fail).
    await inWorkspace(ws, (em) => seedDefaultSettings(em, ws.workspaceId));
    expect((await admin.ok(ALL)).allSettingOptions).toHaveLength(all.length);
  });

  it('are edited by admins: create (at the end by default), rename, reorder, hide and show', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);

    const { createSettingOption: created } = await admin.ok(CREATE, {
      input: { list: 'SOURCE', label: '  Partenaire  ' },
    });
    expect(created).toMatchObject({ list: 'SOURCE', label: 'Partenaire', position: 7, hidden: false });
    expect(labels(await list(admin, 'SOURCE')).at(-1)).toBe('Partenaire');
    const { createSettingOption: first } = await admin.ok(CREATE, {
      input: { list: 'SOURCE', label: 'Bouche à oreille', position: 0 },
    });
    expect(first.position).toBe(0);
    // Ties on position are sorted by label: "Bouche…" before "Site web".
    expect(labels(await list(admin, 'SOURCE')).slice(0, 2)).toEqual(['Bouche à oreille', 'Site web']);

    const { updateSettingOption: renamed } = await admin.ok(UPDATE, {
      id: created.id,
      input: { label: 'Partenaires' },
    });
    expect(renamed).toMatchObject({ id: created.id, label: 'Partenaires', position: 7 });
    // A value may change only the case of its own label.
    await admin.ok(UPDATE, { id: created.id, input: { label: 'PARTENAIRES' } });
    await admin.ok(UPDATE, { id: created.id, input: { label: 'Partenaires', position: 3 } });
    expect((await option(admin, 'SOURCE', 'Partenaires')).position).toBe(3);

    const [faible, moyen, fort] = await list(admin, 'POTENTIAL');
    const { reorderSettingOptions: reordered } = await admin.ok(REORDER, {
      list: 'POTENTIAL',
      ids: [fort.id, moyen.id],
    });
    expect(reordered.map((o: Option) => [o.label, o.position])).toEqual([
      ['Fort', 0],
      ['Moyen', 1],
      ['Faible', 2],
    ]);
    expect(labels(await list(admin, 'POTENTIAL'))).toEqual(['Fort', 'Moyen', 'Faible']);

    // Reordering only takes values of that list, each once.
    const membre = await option(admin, 'SITUATION', 'Membre');
    const r = await admin.gql(REORDER, { list: 'POTENTIAL', ids: [faible.id, membre.id, faible.id] });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['ids', '1'], message: 'Valeur inconnue pour cette liste.' },
      { path: ['ids', '2'], message: 'Cette valeur apparaît plusieurs fois.' },
    ]);
    expect(labels(await list(admin, 'POTENTIAL'))).toEqual(['Fort', 'Moyen', 'Faible']);

    // Hidden values leave the pickers but stay on the settings page.
    const { updateSettingOption: hidden } = await admin.ok(UPDATE, { id: moyen.id, input: { hidden: true } });
    expect(hidden.hidden).toBe(true);
    expect(labels(await list(admin, 'POTENTIAL'))).toEqual(['Fort', 'Faible']);
    expect(labels(await list(admin, 'POTENTIAL', false))).toEqual(['Fort', 'Faible']);
    expect((await list(admin, 'POTENTIAL', true)).map((o) => [o.label, o.hidden])).toEqual([
      ['Fort', false],
      ['Moyen', true],
      ['Faible', false],
    ]);
    const all: Option[] = (await admin.ok(ALL)).allSettingOptions;
    expect(all.find((o) => o.id === moyen.id)).toBeUndefined();
    expect(
      (await admin.ok(ALL, { includeHidden: true })).allSettingOptions.find((o: Option) => o.id === moyen.id),
    ).toBeTruthy();

    await admin.ok(UPDATE, { id: moyen.id, input: { hidden: false } });
    expect(labels(await list(admin, 'POTENTIAL'))).toEqual(['Fort', 'Moyen', 'Faible']);
  });

  it('refuse a label already in the list (whatever the case), blank or too long, with the field path', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    let r = await admin.gql(CREATE, { input: { list: 'CIVILITY', label: ' mme ' } });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: '« Mme » existe déjà dans cette liste (les majuscules ne comptent pas).' },
    ]);
    admin.headers['accept-language'] = 'en';
    r = await admin.gql(CREATE, { input: { list: 'CIVILITY', label: 'MME' } });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: '"Mme" already exists in this list (case does not matter).' },
    ]);
    // Renaming onto another value's label is refused too.
    const docteur = await option(admin, 'CIVILITY', 'Docteur');
    r = await admin.gql(UPDATE, { id: docteur.id, input: { label: 'maître' } });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: '"Maître" already exists in this list (case does not matter).' },
    ]);
    expect((await option(admin, 'CIVILITY', 'Docteur')).id).toBe(docteur.id);

    // The same label in another list is fine.
    await admin.ok(CREATE, { input: { list: 'SITUATION', label: 'Mme' } });

    r = await admin.gql(CREATE, { input: { list: 'SOURCE', label: '   ' } });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: 'This field is required.' },
    ]);
    r = await admin.gql(CREATE, { input: { list: 'SOURCE', label: 'x'.repeat(101), position: -1 } });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: 'At most 100 characters.' },
      { path: ['input', 'position'], message: 'The position must be a whole number between 0 and 1000000.' },
    ]);
    await admin.ok(CREATE, { input: { list: 'SOURCE', label: 'y'.repeat(100) } });
    r = await admin.gql(UPDATE, { id: docteur.id, input: { label: ' ' } });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'label'], message: 'This field is required.' },
    ]);
  });

  it('are read by every user but changed only by admins with write access', async () => {
    const ws = await createWorkspaceWithAdmin({ role: 'USER' });
    const user = await clientFor(api, ws);
    expect(labels(await list(user, 'SITUATION'))).toEqual(['Membre', 'Non membre']);
    expect((await user.ok(ALL)).allSettingOptions.length).toBeGreaterThan(0);
    const membre = await option(user, 'SITUATION', 'Membre');
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE, { input: { list: 'SITUATION', label: 'Invité' } }],
      [UPDATE, { id: membre.id, input: { hidden: true } }],
      [REORDER, { list: 'SITUATION', ids: [membre.id] }],
      [DELETE, { id: membre.id }],
    ];
    for (const [query, variables] of attempts) expect(errorCode(await user.gql(query, variables))).toBe('FORBIDDEN');
    expect(await list(user, 'SITUATION', true)).toEqual([
      expect.objectContaining({ label: 'Membre', hidden: false, position: 0 }),
      expect.objectContaining({ label: 'Non membre', hidden: false, position: 1 }),
    ]);

    // An admin's read-only API key cannot change them either.
    const admin = await clientFor(api, await addUser(ws.workspaceId, UserRole.ADMIN, 'Second admin'));
    const { createApiKey } = await admin.ok(
      'mutation { createApiKey(input: { name: "BI", scope: READ_ONLY }) { secret } }',
    );
    const reader = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    expect(labels(await list(reader, 'SITUATION'))).toEqual(['Membre', 'Non membre']);
    for (const [query, variables] of attempts) expect(errorCode(await reader.gql(query, variables))).toBe('FORBIDDEN');
    expect(labels(await list(admin, 'SITUATION', true))).toEqual(['Membre', 'Non membre']);
  });

  it('in use cannot be deleted (CONFLICT saying how many records use them) but can be renamed or hidden', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const agence = await option(admin, 'COMPANY_TYPE', 'Agence');
    const francais = await option(admin, 'LANGUAGE', 'Français');
    const contactLists: [string, string, string][] = [
      ['civility_id', 'CIVILITY', 'Docteur'],
      ['source_id', 'SOURCE', 'Emailing'],
      ['potential_id', 'POTENTIAL', 'Fort'],
      ['situation_id', 'SITUATION', 'Non membre'],
      ['progress_state_id', 'PROGRESS_STATE', 'Négociation'],
    ];
    const contactValues = await Promise.all(contactLists.map(([, l, label]) => option(admin, l, label)));
    await inWorkspace(ws, async (em) => {
      for (const name of ['Alpha', 'Beta']) {
        const [company] = await em.query(
          'INSERT INTO company (workspace_id, name, company_type_id) VALUES ($1, $2, $3) RETURNING id',
          [ws.workspaceId, name, agence.id],
        );
        await em.query('INSERT INTO company_language (workspace_id, company_id, option_id) VALUES ($1, $2, $3)', [
          ws.workspaceId,
          company.id,
          francais.id,
        ]);
        await em.query(
          `INSERT INTO contact (workspace_id, company_id, last_name, ${contactLists.map(([c]) => c).join(', ')})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [ws.workspaceId, company.id, `Contact ${name}`, ...contactValues.map((o) => o.id)],
        );
      }
      // A third company in the trash still keeps its type.
      await em.query(
        'INSERT INTO company (workspace_id, name, company_type_id, deleted_at) VALUES ($1, $2, $3, now())',
        [ws.workspaceId, 'Gamma', agence.id],
      );
    });

    const r = await admin.gql(DELETE, { id: agence.id });
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0].message).toBe(
      '« Agence » est utilisée par 3 fiches et ne peut pas être supprimée. Masquez-la plutôt : elle restera sur ces fiches mais ne sera plus proposée.',
    );
    expect(r.errors?.[0].extensions?.usageCount).toBe(3);
    for (const used of [francais, ...contactValues]) {
      const attempt = await admin.gql(DELETE, { id: used.id });
      expect(errorCode(attempt)).toBe('CONFLICT');
      expect(attempt.errors?.[0].extensions?.usageCount).toBe(2);
    }
    admin.headers['accept-language'] = 'en';
    expect((await admin.gql(DELETE, { id: francais.id })).errors?.[0].message).toBe(
      '"Français" is used by 2 records and cannot be deleted. Hide it instead: it will stay on those records but will no longer be offered.',
    );

    // Hiding and renaming still work, and the records keep the value.
    await admin.ok(UPDATE, { id: agence.id, input: { hidden: true, label: 'Agence événementielle' } });
    expect(labels(await list(admin, 'COMPANY_TYPE'))).not.toContain('Agence événementielle');
    const rows = await inWorkspace(ws, (em) =>
      em.query('SELECT count(*)::int AS n FROM company WHERE company_type_id = $1', [agence.id]),
    );
    expect(rows[0].n).toBe(3);
    expect((await list(admin, 'COMPANY_TYPE', true)).find((o) => o.id === agence.id)).toMatchObject({
      label: 'Agence événementielle',
      hidden: true,
    });
    expect((await admin.gql(DELETE, { id: agence.id })).errors?.[0].extensions?.usageCount).toBe(3);
  });

  it('unused are deleted', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const particulier = await option(admin, 'COMPANY_TYPE', 'Particulier');
    expect((await admin.ok(DELETE, { id: particulier.id })).deleteSettingOption).toBe(true);
    expect(labels(await list(admin, 'COMPANY_TYPE', true))).toEqual([
      'Entreprise',
      'Agence',
      'Association',
      'Administration',
    ]);
    expect(errorCode(await admin.gql(DELETE, { id: particulier.id }))).toBe('NOT_FOUND');
  });

  it('of another workspace are NOT_FOUND, and each workspace has its own lists', async () => {
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    const adminA = await clientFor(api, a);
    const adminB = await clientFor(api, b);
    const { createSettingOption: onlyB } = await adminB.ok(CREATE, { input: { list: 'SOURCE', label: 'Salon B' } });
    expect(labels(await list(adminA, 'SOURCE', true))).not.toContain('Salon B');

    expect(errorCode(await adminA.gql(UPDATE, { id: onlyB.id, input: { hidden: true } }))).toBe('NOT_FOUND');
    expect(errorCode(await adminA.gql(DELETE, { id: onlyB.id }))).toBe('NOT_FOUND');
    expect(errorCode(await adminA.gql(UPDATE, { id: 'not-a-uuid', input: { hidden: true } }))).toBe('NOT_FOUND');
    expect(errorCode(await adminA.gql(DELETE, { id: 'not-a-uuid' }))).toBe('NOT_FOUND');
    const r = await adminA.gql(REORDER, { list: 'SOURCE', ids: [onlyB.id] });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['ids', '0'], message: 'Valeur inconnue pour cette liste.' },
    ]);
    expect(await option(adminB, 'SOURCE', 'Salon B')).toMatchObject({ id: onlyB.id, hidden: false });
  });

  it('write every change to the audit trail', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createSettingOption: created } = await admin.ok(CREATE, {
      input: { list: 'ACTIVITY_CATEGORY', label: 'Relance' },
    });
    await admin.ok(UPDATE, { id: created.id, input: { label: 'Relances', hidden: true } });
    await admin.ok(UPDATE, { id: created.id, input: { label: 'Relances' } }); // no change, no entry
    await admin.ok(REORDER, { list: 'ACTIVITY_CATEGORY', ids: [created.id] });
    await admin.ok(DELETE, { id: created.id });
    const trail = (await admin.ok(TRAIL, { id: created.id })).auditTrail;
    expect(trail.totalCount).toBe(4);
    const nodes = trail.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.map((n: { action: string }) => n.action)).toEqual(['delete', 'update', 'update', 'create']);
    expect(nodes[3].changes).toEqual({
      list: { from: null, to: 'ACTIVITY_CATEGORY' },
      label: { from: null, to: 'Relance' },
      position: { from: null, to: 5 },
      hidden: { from: null, to: false },
    });
    expect(nodes[2].changes).toEqual({ label: { from: 'Relance', to: 'Relances' }, hidden: { from: false, to: true } });
    expect(nodes[1].changes).toEqual({ position: { from: 5, to: 0 } });
    expect(nodes[0].changes).toEqual({
      list: { from: 'ACTIVITY_CATEGORY', to: null },
      label: { from: 'Relances', to: null },
      position: { from: 0, to: null },
      hidden: { from: true, to: null },
    });
    expect(nodes.every((n: { actor: { id: string } }) => n.actor.id === ws.userId)).toBe(true);

    // The values the reorder moved are in the trail too.
    const prospection = await option(admin, 'ACTIVITY_CATEGORY', 'Prospection');
    const moved = (await admin.ok(TRAIL, { id: prospection.id })).auditTrail;
    expect(moved.edges.map((e: { node: { changes: unknown } }) => e.node.changes)).toEqual([
      { position: { from: 0, to: 1 } },
    ]);
  });

  describe('for the company and contact services', () => {
    const ctxFor = (
      ws: { workspaceId: string; userId: string },
      fn: (ctx: Ctx) => Promise<unknown>,
      role = UserRole.USER,
      scope = ApiKeyScope.READ_WRITE,
    ) =>
      withTenant(api.deps.dataSource, ws.workspaceId, ws.userId, (_em, tenant) =>
        fn({
          actor: { workspaceId: ws.workspaceId, userId: ws.userId, role, apiKeyId: null, scope, locale: 'fr' },
          scope: tenant,
          deps: api.deps,
        }),
      );

    const rejection = async (promise: Promise<unknown>) => {
      const err = await promise.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      const app = err as AppError;
      return { code: app.code, fields: app.fields };
    };

    it('requireOption accepts only a value of that list in this workspace, hidden ones only when allowed', async () => {
      const ws = await createWorkspaceWithAdmin();
      const other = await createWorkspaceWithAdmin();
      const admin = await clientFor(api, ws);
      const mme = await option(admin, 'CIVILITY', 'Mme');
      const membre = await option(admin, 'SITUATION', 'Membre');
      const docteur = await option(admin, 'CIVILITY', 'Docteur');
      await admin.ok(UPDATE, { id: docteur.id, input: { hidden: true } });
      const foreign = await option(await clientFor(api, other), 'CIVILITY', 'Mme');
      const path = ['input', 'contact', 'civilityId'];

      await ctxFor(ws, async (ctx) => {
        const ok = await requireOption(ctx, SettingList.CIVILITY, mme.id, path, { allowHidden: false });
        expect(ok).toMatchObject({ id: mme.id, label: 'Mme' });
        const unknown = {
          code: 'BAD_USER_INPUT',
          fields: [{ path, message: 'settings.unknownOption', params: undefined }],
        };
        for (const id of [membre.id, foreign.id, 'nope', '00000000-0000-4000-8000-000000000000']) {
          expect(await rejection(requireOption(ctx, SettingList.CIVILITY, id, path, { allowHidden: true }))).toEqual(
            unknown,
          );
        }
        expect(
          await rejection(requireOption(ctx, SettingList.CIVILITY, docteur.id, path, { allowHidden: false })),
        ).toEqual({
          code: 'BAD_USER_INPUT',
          fields: [{ path, message: 'settings.hiddenOption', params: undefined }],
        });
        expect(await requireOption(ctx, SettingList.CIVILITY, docteur.id, path, { allowHidden: true })).toMatchObject({
          id: docteur.id,
          hidden: true,
        });
      });
    });

    it('refuse changes to non-admins and read-only actors even when called directly (jobs, other services)', async () => {
      const ws = await createWorkspaceWithAdmin();
      const admin = await clientFor(api, ws);
      const membre = await option(admin, 'SITUATION', 'Membre');
      const calls = (ctx: Ctx) => [
        () => createSettingOption(ctx, { list: SettingList.SITUATION, label: 'Invité' }),
        () => updateSettingOption(ctx, membre.id, { hidden: true }),
        () => reorderSettingOptions(ctx, SettingList.SITUATION, [membre.id]),
        () => deleteSettingOption(ctx, membre.id),
      ];
      for (const [role, scope, message] of [
        [UserRole.USER, ApiKeyScope.READ_WRITE, 'error.forbidden'],
        [UserRole.ADMIN, ApiKeyScope.READ_ONLY, 'error.readOnlyKey'],
      ] as const) {
        await ctxFor(
          ws,
          async (ctx) => {
            for (const call of calls(ctx)) {
              const err = await call().then(
                () => null,
                (e: unknown) => e,
              );
              expect(err).toMatchObject({ code: 'FORBIDDEN', messageKey: message });
            }
          },
          role,
          scope,
        );
      }
      expect(await list(admin, 'SITUATION', true)).toEqual([
        expect.objectContaining({ label: 'Membre', hidden: false }),
        expect.objectContaining({ label: 'Non membre', hidden: false }),
      ]);
    });

    it('settingOptionsByIds returns the values in the order asked, null for unknown ones', async () => {
      const ws = await createWorkspaceWithAdmin();
      const other = await createWorkspaceWithAdmin();
      const admin = await clientFor(api, ws);
      const [m, mme] = await list(admin, 'CIVILITY');
      const foreign = await option(await clientFor(api, other), 'CIVILITY', 'M.');
      await ctxFor(ws, async (ctx) => {
        const found = await settingOptionsByIds(ctx, [mme.id, foreign.id, 'nope', m.id, mme.id]);
        expect(found.map((o) => o?.label ?? null)).toEqual(['Mme', null, null, 'M.', 'Mme']);
        expect(await settingOptionsByIds(ctx, [])).toEqual([]);
      });
    });
  });
});
