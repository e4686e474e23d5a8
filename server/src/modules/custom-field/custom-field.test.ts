import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { withTenant } from '../../db/tenant-scope';
import { UserRole } from '../user/user.entity';
import { customFieldContainsSql, customFieldSqlExpression } from './custom-field-values';
import { CustomFieldType, RecordKind } from './custom-field.model';
import { customFieldDefinitions, customFieldForHeader } from './custom-field.service';

const FIELD = 'id key labelFr labelEn label type required position choices { key labelFr labelEn label }';
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { ${FIELD} } }`;
const UPDATE_FIELD = `mutation($id: ID!, $input: UpdateCustomFieldInput!, $conversion: CustomFieldConversion) {
  updateCustomField(id: $id, input: $input, conversion: $conversion) { ${FIELD} } }`;
const DELETE_FIELD = 'mutation($id: ID!, $clear: Boolean) { deleteCustomField(id: $id, clearValues: $clear) }';
const LIST_FIELDS = `query($kind: RecordKind!) { customFields(recordKind: $kind) { ${FIELD} } }`;
const VALUES = 'customFields customFieldValues { key label type value display }';
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
  id ${VALUES} mainContact { id ${VALUES} } } }`;
const UPDATE_COMPANY = `mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { id ${VALUES} } }`;
const GET_COMPANY = `query($id: ID!) { company(id: $id) { id ${VALUES} } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id ${VALUES} } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id ${VALUES} } }`;

type Fields = { path: string[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

const mainContact = { firstName: 'Claire', lastName: 'Martin', email: 'claire@acme.fr', phoneDirect: '0142685300' };

describe('custom fields', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
  let n = 0;

  const createField = async (input: Record<string, unknown>) =>
    (await admin.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', ...input } })).createCustomField;
  const createCompany = (input: Record<string, unknown> = {}, client = admin) =>
    client.gql(CREATE_COMPANY, { input: { name: `Société ${++n}`, mainContact, ...input } });
  const company = async (input: Record<string, unknown> = {}) => {
    const r = await createCompany(input);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return (r.data as { createCompany: { id: string; customFields: Record<string, unknown> } }).createCompany;
  };

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  describe('definitions', () => {
    it('admins define fields of every type; keys derive from labels; users only read', async () => {
      const ws2 = await createWorkspaceWithAdmin();
      const a = await clientFor(api, ws2);
      const created = [];
      for (const type of Object.values(CustomFieldType)) {
        const choices = type.endsWith('CHOICE')
          ? [{ labelFr: 'Oui oui' }, { labelFr: 'Élevé', labelEn: 'High' }]
          : null;
        created.push(
          (await a.ok(CREATE_FIELD, { input: { recordKind: 'CONTACT', labelFr: `Champ ${type}`, type, choices } }))
            .createCustomField,
        );
      }
      expect(created.map((f) => f.type)).toEqual(Object.values(CustomFieldType));
      expect(created[0]).toMatchObject({ key: 'champ_text', label: 'Champ TEXT', required: false, position: 0 });
      expect(created.at(-1).position).toBe(created.length - 1);
      const choice = created.find((f) => f.type === 'SINGLE_CHOICE');
      expect(choice.choices).toEqual([
        { key: 'oui_oui', labelFr: 'Oui oui', labelEn: null, label: 'Oui oui' },
        { key: 'eleve', labelFr: 'Élevé', labelEn: 'High', label: 'Élevé' },
      ]);

      const user = await clientFor(api, await addUser(ws2.workspaceId, UserRole.USER));
      expect((await user.ok(LIST_FIELDS, { kind: 'CONTACT' })).customFields).toHaveLength(created.length);
      expect((await user.ok(LIST_FIELDS, { kind: 'COMPANY' })).customFields).toHaveLength(0);
      const denied = await user.gql(CREATE_FIELD, { input: { recordKind: 'CONTACT', labelFr: 'X', type: 'TEXT' } });
      expect(errorCode(denied)).toBe('FORBIDDEN');
      // Another workspace sees none of them.
      expect((await admin.ok(LIST_FIELDS, { kind: 'CONTACT' })).customFields).toHaveLength(0);
    });

    it('refuses bad definitions with the field named', async () => {
      await createField({ key: 'dup', labelFr: 'Dup', type: 'TEXT' });
      const cases: [Record<string, unknown>, string][] = [
        [{ key: 'dup', labelFr: 'Autre', type: 'TEXT' }, 'input.key'],
        [{ key: '9abc', labelFr: 'X', type: 'TEXT' }, 'input.key'],
        // Labels name import columns: one field per label, French or English.
        [{ key: 'dup2', labelFr: ' DÚP ', type: 'TEXT' }, 'input.labelFr'],
        [{ key: 'dup3', labelFr: 'Autre', labelEn: 'dup', type: 'TEXT' }, 'input.labelEn'],
        [{ labelFr: '  ', type: 'TEXT' }, 'input.labelFr'],
        [{ labelFr: 'Choix', type: 'SINGLE_CHOICE' }, 'input.choices'],
        [{ labelFr: 'Texte', type: 'TEXT', choices: [{ labelFr: 'a' }] }, 'input.choices'],
        [
          { labelFr: 'Choix', type: 'MULTIPLE_CHOICE', choices: [{ labelFr: 'A' }, { labelFr: 'a' }] },
          'input.choices.1.labelFr',
        ],
        [
          { labelFr: 'Choix', type: 'SINGLE_CHOICE', choices: [{ key: 'Bad Key', labelFr: 'A' }] },
          'input.choices.0.key',
        ],
      ];
      for (const [input, path] of cases) {
        const r = await admin.gql(CREATE_FIELD, { input: { recordKind: 'COMPANY', ...input } });
        expect(errorCode(r)).toBe('BAD_USER_INPUT');
        expect(fieldPaths(r)).toContain(path);
      }
    });

    it('reorders fields', async () => {
      const ws2 = await createWorkspaceWithAdmin();
      const a = await clientFor(api, ws2);
      const ids = [];
      for (const label of ['A', 'B', 'C'])
        ids.push(
          (await a.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', labelFr: label, type: 'TEXT' } }))
            .createCustomField.id,
        );
      const r = await a.ok(
        'mutation($ids: [ID!]!) { reorderCustomFields(recordKind: COMPANY, ids: $ids) { label position } }',
        {
          ids: [ids[2], ids[0]],
        },
      );
      expect(r.reorderCustomFields).toEqual([
        { label: 'C', position: 0 },
        { label: 'A', position: 1 },
        { label: 'B', position: 2 },
      ]);
      expect(
        (await a.ok(LIST_FIELDS, { kind: 'COMPANY' })).customFields.map((f: { label: string }) => f.label),
      ).toEqual(['C', 'A', 'B']);
      const bad = await a.gql('mutation($ids: [ID!]!) { reorderCustomFields(recordKind: COMPANY, ids: $ids) { id } }', {
        ids: [ids[0], ids[0]],
      });
      expect(fieldPaths(bad)).toEqual(['ids.1']);
    });
  });

  describe('values on companies and contacts', () => {
    let wsv: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
    let a: TestClient;
    const create = (input: Record<string, unknown>) =>
      a.gql(CREATE_COMPANY, { input: { name: `Société ${++n}`, mainContact, ...input } });

    beforeAll(async () => {
      wsv = await createWorkspaceWithAdmin();
      a = await clientFor(api, wsv);
      const def = (input: Record<string, unknown>) =>
        a.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', ...input } });
      await def({ key: 'note', labelFr: 'Note', type: 'TEXT' });
      await def({ key: 'history', labelFr: 'Historique', type: 'LONG_TEXT' });
      await def({ key: 'staff', labelFr: 'Effectif', type: 'NUMBER' });
      await def({ key: 'revenue', labelFr: "Chiffre d'affaires", labelEn: 'Revenue', type: 'DECIMAL' });
      await def({ key: 'since', labelFr: 'Client depuis', type: 'DATE' });
      await def({ key: 'vip', labelFr: 'VIP', type: 'BOOLEAN' });
      await def({
        key: 'tier',
        labelFr: 'Niveau',
        type: 'SINGLE_CHOICE',
        choices: [
          { key: 'gold', labelFr: 'Or', labelEn: 'Gold' },
          { key: 'silver', labelFr: 'Argent', labelEn: 'Silver' },
        ],
      });
      await def({
        key: 'topics',
        labelFr: 'Thèmes',
        type: 'MULTIPLE_CHOICE',
        choices: [
          { key: 'gala', labelFr: 'Gala' },
          { key: 'seminar', labelFr: 'Séminaire' },
        ],
      });
      await def({ key: 'intranet', labelFr: 'Intranet', type: 'URL' });
      await def({ key: 'billing_email', labelFr: 'Email de facturation', type: 'EMAIL' });
      await def({ key: 'hotline', labelFr: 'Hotline', type: 'PHONE' });
      await a.ok(CREATE_FIELD, {
        input: { recordKind: 'CONTACT', key: 'birthday', labelFr: 'Anniversaire', type: 'DATE' },
      });
    });

    it('stores every type normalised and shows them with labels', async () => {
      const r = await create({
        customFields: {
          note: '  Grand   compte ',
          history: 'Ligne 1\nLigne 2',
          staff: '1 200',
          revenue: '1 234 567,89',
          since: '15/01/2020',
          vip: 'oui',
          tier: 'Or',
          topics: ['seminar', 'Gala'],
          intranet: 'intra.acme.fr',
          billing_email: 'Compta@ACME.fr',
          hotline: '01 42 68 53 00',
        },
        mainContact: { ...mainContact, customFields: { birthday: '1980-05-02' } },
      });
      expect(r.errors).toBeUndefined();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the assertions check the shape
      const c = (r.data as { createCompany: Record<string, any> }).createCompany;
      expect(c.customFields).toEqual({
        note: 'Grand compte',
        history: 'Ligne 1\nLigne 2',
        staff: 1200,
        revenue: '1234567.89',
        since: '2020-01-15',
        vip: true,
        tier: 'gold',
        topics: ['gala', 'seminar'],
        intranet: 'https://intra.acme.fr',
        billing_email: 'compta@acme.fr',
        hotline: '+33142685300',
      });
      expect(c.mainContact.customFields).toEqual({ birthday: '1980-05-02' });
      const byKey = Object.fromEntries(c.customFieldValues.map((v: { key: string }) => [v.key, v]));
      expect(byKey.tier).toEqual({ key: 'tier', label: 'Niveau', type: 'SINGLE_CHOICE', value: 'gold', display: 'Or' });
      expect(byKey.since.display).toBe('15/01/2020');
      expect(byKey.vip.display).toBe('Oui');
      expect(byKey.topics.display).toBe('Gala, Séminaire');
      expect(c.customFieldValues.map((v: { key: string }) => v.key)).toEqual([
        'note',
        'history',
        'staff',
        'revenue',
        'since',
        'vip',
        'tier',
        'topics',
        'intranet',
        'billing_email',
        'hotline',
      ]);
    });

    it('refuses each bad value under customFields.<key>, all at once, and unknown keys', async () => {
      const r = await create({
        customFields: {
          staff: '12,5',
          revenue: 'beaucoup',
          since: '2026-02-30',
          vip: 'peut-être',
          tier: 'Platine',
          topics: ['gala', 'concert'],
          intranet: 'javascript:alert(1)',
          billing_email: 'compta@',
          hotline: '12',
          nope: 'x',
        },
        mainContact: { ...mainContact, customFields: { birthday: 'hier' } },
      });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(fieldPaths(r).sort()).toEqual(
        [
          'input.customFields.staff',
          'input.customFields.revenue',
          'input.customFields.since',
          'input.customFields.vip',
          'input.customFields.tier',
          'input.customFields.topics',
          'input.customFields.intranet',
          'input.customFields.billing_email',
          'input.customFields.hotline',
          'input.customFields.nope',
          'input.mainContact.customFields.birthday',
        ].sort(),
      );
      const message = (r.errors?.[0]?.extensions?.fields as { path: string[]; message: string }[]).find(
        (f) => f.path.join('.') === 'input.customFields.tier',
      )?.message;
      expect(message).toContain('Platine');
    });

    it('updates merge: given keys change, null clears, others stay; the audit trail follows', async () => {
      const c = await (async () => {
        const r = await create({ customFields: { note: 'A', staff: 3, tier: 'gold' } });
        return (r.data as { createCompany: { id: string } }).createCompany;
      })();
      const u = await a.ok(UPDATE_COMPANY, { id: c.id, input: { customFields: { staff: 4, tier: null } } });
      expect(u.updateCompany.customFields).toEqual({ note: 'A', staff: 4 });
      const other = await a.ok(UPDATE_COMPANY, { id: c.id, input: { city: 'Lyon' } });
      expect(other.updateCompany.customFields).toEqual({ note: 'A', staff: 4 });
      const trail = await a.ok(
        `query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) { edges { node { action changes } } } }`,
        { id: c.id },
      );
      const update = trail.auditTrail.edges.find(
        (e: { node: { changes: Record<string, unknown> } }) => e.node.changes.customFields,
      );
      expect(update.node.changes.customFields).toEqual({
        from: { note: 'A', staff: 3, tier: 'gold' },
        to: { note: 'A', staff: 4 },
      });
      const bad = await a.gql(UPDATE_COMPANY, { id: c.id, input: { customFields: ['x'] } });
      // The JSONObject scalar refuses a list before the service sees it.
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    });

    it('contacts: created alone or with a new company, updated, validated', async () => {
      const base = (await (await create({})).data) as { createCompany: { id: string } };
      const r = await a.gql(CREATE_CONTACT, {
        input: {
          companyId: base.createCompany.id,
          firstName: 'Léa',
          lastName: 'Roux',
          customFields: { birthday: '02/03/1990' },
        },
      });
      const contact = (r.data as { createContact: { id: string; customFields: unknown } }).createContact;
      expect(contact.customFields).toEqual({ birthday: '1990-03-02' });
      const u = await a.ok(UPDATE_CONTACT, { id: contact.id, input: { customFields: { birthday: '' } } });
      expect(u.updateContact.customFields).toEqual({});
      const bad = await a.gql(CREATE_CONTACT, {
        input: {
          newCompany: { name: 'Nouvelle', customFields: { staff: 'many' } },
          firstName: 'Léa',
          lastName: 'Roux',
          customFields: { birthday: 'x', unknown: 1 },
        },
      });
      expect(fieldPaths(bad).sort()).toEqual(
        ['input.customFields.birthday', 'input.customFields.unknown', 'input.newCompany.customFields.staff'].sort(),
      );
    });

    it('required fields: needed on creation, cannot be cleared, do not block other edits', async () => {
      const old = (await create({})).data as { createCompany: { id: string } };
      const field = (
        await a.ok(CREATE_FIELD, {
          input: { recordKind: 'COMPANY', key: 'sector', labelFr: 'Secteur', type: 'TEXT', required: true },
        })
      ).createCustomField;
      const missing = await create({});
      expect(fieldPaths(missing)).toEqual(['input.customFields.sector']);
      const blank = await create({ customFields: { sector: ' ' } });
      expect(fieldPaths(blank)).toEqual(['input.customFields.sector']);
      const ok = await create({ customFields: { sector: 'Luxe' } });
      expect(ok.errors).toBeUndefined();
      const id = (ok.data as { createCompany: { id: string } }).createCompany.id;
      const clear = await a.gql(UPDATE_COMPANY, { id, input: { customFields: { sector: null } } });
      expect(fieldPaths(clear)).toEqual(['input.customFields.sector']);
      // A company created before the field became required can still be edited.
      expect(
        (await a.gql(UPDATE_COMPANY, { id: old.createCompany.id, input: { city: 'Paris' } })).errors,
      ).toBeUndefined();
      await a.ok(UPDATE_FIELD, { id: field.id, input: { required: false } });
      expect((await create({})).errors).toBeUndefined();
    });
  });

  describe('changing definitions with values in use', () => {
    it('a type change is refused with the count, or converted on request', async () => {
      const f = await createField({ key: 'size_text', labelFr: 'Taille', type: 'TEXT' });
      const c1 = await company({ customFields: { size_text: '12' } });
      const c2 = await company({ customFields: { size_text: '1 500' } });
      await company({});
      const refused = await admin.gql(UPDATE_FIELD, { id: f.id, input: { type: 'NUMBER' } });
      expect(errorCode(refused)).toBe('CONFLICT');
      expect(refused.errors?.[0]?.extensions?.usageCount).toBe(2);
      expect(refused.errors?.[0]?.message).toContain('2');
      const converted = await admin.ok(UPDATE_FIELD, { id: f.id, input: { type: 'NUMBER' }, conversion: 'CONVERT' });
      expect(converted.updateCustomField.type).toBe('NUMBER');
      expect((await admin.ok(GET_COMPANY, { id: c1.id })).company.customFields.size_text).toBe(12);
      expect((await admin.ok(GET_COMPANY, { id: c2.id })).company.customFields.size_text).toBe(1500);
      // And back to text.
      await admin.ok(UPDATE_FIELD, { id: f.id, input: { type: 'TEXT' }, conversion: 'CONVERT' });
      expect((await admin.ok(GET_COMPANY, { id: c2.id })).company.customFields.size_text).toBe('1500');
    });

    it('CONVERT refuses values that do not convert; CONVERT_OR_CLEAR clears them', async () => {
      const f = await createField({ key: 'maybe_num', labelFr: 'Peut-être un nombre', type: 'TEXT' });
      const good = await company({ customFields: { maybe_num: '7' } });
      const bad = await company({ customFields: { maybe_num: 'sept' } });
      const r = await admin.gql(UPDATE_FIELD, { id: f.id, input: { type: 'NUMBER' }, conversion: 'CONVERT' });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0]?.extensions?.usageCount).toBe(1);
      expect((await admin.ok(GET_COMPANY, { id: bad.id })).company.customFields.maybe_num).toBe('sept');
      await admin.ok(UPDATE_FIELD, { id: f.id, input: { type: 'NUMBER' }, conversion: 'CONVERT_OR_CLEAR' });
      expect((await admin.ok(GET_COMPANY, { id: good.id })).company.customFields).toEqual({ maybe_num: 7 });
      expect((await admin.ok(GET_COMPANY, { id: bad.id })).company.customFields).toEqual({});
    });

    it('text becomes a choice by label; single becomes multiple', async () => {
      const f = await createField({ key: 'level_txt', labelFr: 'Niveau texte', type: 'TEXT' });
      const c = await company({ customFields: { level_txt: 'argent' } });
      await admin.ok(UPDATE_FIELD, {
        id: f.id,
        input: {
          type: 'SINGLE_CHOICE',
          choices: [
            { key: 'gold', labelFr: 'Or' },
            { key: 'silver', labelFr: 'Argent' },
          ],
        },
        conversion: 'CONVERT',
      });
      expect((await admin.ok(GET_COMPANY, { id: c.id })).company.customFields.level_txt).toBe('silver');
      await admin.ok(UPDATE_FIELD, { id: f.id, input: { type: 'MULTIPLE_CHOICE' }, conversion: 'CONVERT' });
      expect((await admin.ok(GET_COMPANY, { id: c.id })).company.customFields.level_txt).toEqual(['silver']);
    });

    it('removing a choice in use is refused with the count; renaming keeps values; clearing removes them', async () => {
      const f = await createField({
        key: 'colors',
        labelFr: 'Couleurs',
        type: 'MULTIPLE_CHOICE',
        choices: [
          { key: 'red', labelFr: 'Rouge' },
          { key: 'blue', labelFr: 'Bleu' },
          { key: 'green', labelFr: 'Vert' },
        ],
      });
      const c1 = await company({ customFields: { colors: ['red', 'blue'] } });
      const c2 = await company({ customFields: { colors: ['red'] } });
      await company({ customFields: { colors: ['green'] } });
      const keep = [
        { key: 'blue', labelFr: 'Bleu ciel' },
        { key: 'green', labelFr: 'Vert' },
      ];
      const refused = await admin.gql(UPDATE_FIELD, { id: f.id, input: { choices: keep } });
      expect(errorCode(refused)).toBe('CONFLICT');
      expect(refused.errors?.[0]?.extensions?.usageCount).toBe(2);
      const convert = await admin.gql(UPDATE_FIELD, { id: f.id, input: { choices: keep }, conversion: 'CONVERT' });
      expect(errorCode(convert)).toBe('CONFLICT');
      // Renaming and adding is fine.
      const renamed = await admin.ok(UPDATE_FIELD, {
        id: f.id,
        input: { choices: [{ key: 'red', labelFr: 'Rouge vif' }, ...keep, { labelFr: 'Jaune' }] },
      });
      expect(renamed.updateCustomField.choices.map((c: { key: string }) => c.key)).toEqual([
        'red',
        'blue',
        'green',
        'jaune',
      ]);
      await admin.ok(UPDATE_FIELD, { id: f.id, input: { choices: keep }, conversion: 'CONVERT_OR_CLEAR' });
      expect((await admin.ok(GET_COMPANY, { id: c1.id })).company.customFields).toEqual({ colors: ['blue'] });
      expect((await admin.ok(GET_COMPANY, { id: c2.id })).company.customFields).toEqual({});
    });

    it('deleting a field with values is refused with the count unless the values go too', async () => {
      const f = await createField({ key: 'temp', labelFr: 'Temporaire', type: 'BOOLEAN' });
      const c = await company({ customFields: { temp: false } });
      const r = await admin.gql(DELETE_FIELD, { id: f.id });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0]?.extensions?.usageCount).toBe(1);
      expect(await admin.ok(DELETE_FIELD, { id: f.id, clear: true })).toEqual({ deleteCustomField: true });
      expect((await admin.ok(GET_COMPANY, { id: c.id })).company.customFields).toEqual({});
      const unused = await createField({ key: 'unused', labelFr: 'Inutilisé', type: 'TEXT' });
      expect(await admin.ok(DELETE_FIELD, { id: unused.id })).toEqual({ deleteCustomField: true });
    });
  });

  describe('for the lists, imports and exports', () => {
    it('the SQL expressions filter and sort by typed value; headers map to fields', async () => {
      const ws2 = await createWorkspaceWithAdmin();
      const a = await clientFor(api, ws2);
      await a.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', key: 'budget', labelFr: 'Budget', type: 'DECIMAL' } });
      await a.ok(CREATE_FIELD, {
        input: {
          recordKind: 'COMPANY',
          key: 'tier',
          labelFr: 'Niveau',
          labelEn: 'Tier',
          type: 'SINGLE_CHOICE',
          choices: [{ labelFr: 'Or' }, { labelFr: 'Argent' }],
        },
      });
      for (const [name, budget, tier] of [
        ['B', '900.5', 'or'],
        ['A', '10000', 'argent'],
        ['C', '95', 'or'],
      ])
        await a.ok(CREATE_COMPANY, { input: { name, mainContact, customFields: { budget, tier } } });
      await withTenant(api.deps.dataSource, ws2.workspaceId, ws2.userId, async (em, scope) => {
        const ctx = {
          actor: {
            workspaceId: ws2.workspaceId,
            userId: ws2.userId,
            role: UserRole.ADMIN,
            apiKeyId: null,
            scope: 'READ_WRITE',
            locale: 'fr',
          },
          scope,
          deps: api.deps,
        } as never;
        const defs = await customFieldDefinitions(ctx, RecordKind.COMPANY);
        const budget = defs.find((d) => d.key === 'budget')!;
        const tier = customFieldForHeader(defs, ' tier ')!;
        expect(tier.key).toBe('tier');
        expect(customFieldForHeader(defs, 'NIVEAU')?.key).toBe('tier');
        expect(customFieldForHeader(defs, 'budgét')?.key).toBe('budget');
        expect(customFieldForHeader(defs, 'Autre')).toBeNull();
        const expr = customFieldSqlExpression(budget, 'c');
        // Numeric, not text order: 95 < 900.5 < 10000.
        const sorted = await em.query(`SELECT c.name FROM company c WHERE ${expr} > 50 ORDER BY ${expr}`);
        expect(sorted.map((r: { name: string }) => r.name)).toEqual(['C', 'B', 'A']);
        const eq = customFieldContainsSql(tier, 'c', '$1', 'or');
        const gold = await em.query(`SELECT c.name FROM company c WHERE ${eq.sql} ORDER BY c.name`, [eq.param]);
        expect(gold.map((r: { name: string }) => r.name)).toEqual(['B', 'C']);
        const grouped = await em.query(
          `SELECT ${customFieldSqlExpression(tier, 'c')} AS tier, count(*)::int AS n FROM company c GROUP BY 1 ORDER BY 1`,
        );
        expect(grouped).toEqual([
          { tier: 'argent', n: 1 },
          { tier: 'or', n: 2 },
        ]);
      });
    });
  });
});
