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
import { UserRole } from '../user/user.entity';

const BLOCK = 'id kind x y w h text url field fieldLabel display';
const PAGE = `query($kind: RecordKind!, $id: ID!) { customPage(recordKind: $kind, recordId: $id) {
  recordKind recordId updatedAt blocks { ${BLOCK} } } }`;
const SAVE = `mutation($kind: RecordKind!, $id: ID!, $blocks: [PageBlockInput!]!) {
  saveCustomPage(recordKind: $kind, recordId: $id, blocks: $blocks) { updatedAt blocks { ${BLOCK} } } }`;
const APPLY = `mutation($kind: RecordKind!, $id: ID!, $t: ID!) {
  applyPageTemplate(recordKind: $kind, recordId: $id, templateId: $t) { blocks { ${BLOCK} } } }`;
const CREATE_TEMPLATE = `mutation($input: CreatePageTemplateInput!) { createPageTemplate(input: $input) {
  id name recordKind blocks { ${BLOCK} } } }`;

type Fields = { path: string[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

describe('custom pages and page templates', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
  let company: { id: string; mainContact: { id: string } };

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    await admin.ok(
      `mutation { createCustomField(input: { recordKind: COMPANY, key: "staff", labelFr: "Effectif", type: NUMBER }) { id } }`,
    );
    company = (
      await admin.ok(
        `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
        {
          input: {
            name: 'Acme',
            city: 'Lyon',
            customFields: { staff: 250 },
            mainContact: { firstName: 'Claire', lastName: 'Martin', email: 'c@acme.fr', phoneDirect: '0142685300' },
          },
        },
      )
    ).createCompany;
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('a record starts with an empty page; saved blocks come back sorted, dynamic ones with live values', async () => {
    const empty = (await admin.ok(PAGE, { kind: 'COMPANY', id: company.id })).customPage;
    expect(empty).toMatchObject({ recordKind: 'COMPANY', recordId: company.id, updatedAt: null, blocks: [] });
    const saved = (
      await admin.ok(SAVE, {
        kind: 'COMPANY',
        id: company.id,
        blocks: [
          { kind: 'CUSTOM_FIELD', x: 6, y: 1, w: 6, h: 1, field: 'staff' },
          { kind: 'HEADING', x: 0, y: 0, w: 12, h: 1, text: '  Fiche  ' },
          { kind: 'RECORD_FIELD', x: 0, y: 1, w: 6, h: 1, field: 'city' },
          { kind: 'IMAGE', x: 0, y: 2, w: 4, h: 3, url: 'cdn.acme.fr/logo.png', text: 'Logo' },
          { kind: 'LINK', x: 4, y: 2, w: 4, h: 1, url: 'https://acme.fr', text: 'Site' },
          { kind: 'TEXT', x: 8, y: 2, w: 4, h: 2, text: 'Ligne 1\nLigne 2' },
        ],
      })
    ).saveCustomPage;
    expect(saved.updatedAt).not.toBeNull();
    expect(saved.blocks.map((b: { kind: string }) => b.kind)).toEqual([
      'HEADING',
      'RECORD_FIELD',
      'CUSTOM_FIELD',
      'IMAGE',
      'LINK',
      'TEXT',
    ]);
    expect(saved.blocks[0].text).toBe('Fiche');
    expect(saved.blocks[1]).toMatchObject({ fieldLabel: 'Ville', display: 'Lyon' });
    expect(saved.blocks[2]).toMatchObject({ fieldLabel: 'Effectif', display: '250' });
    expect(saved.blocks[3].url).toBe('https://cdn.acme.fr/logo.png');
    expect(saved.blocks[5].text).toBe('Ligne 1\nLigne 2');
    // Live: a change on the record shows on the page without saving it again.
    await admin.ok(
      'mutation($id: ID!) { updateCompany(id: $id, input: { city: "Paris", customFields: { staff: 300 } }) { id } }',
      {
        id: company.id,
      },
    );
    const page = (await admin.ok(PAGE, { kind: 'COMPANY', id: company.id })).customPage;
    expect(page.blocks.map((b: { display: string | null }) => b.display)).toEqual([
      null,
      'Paris',
      '300',
      null,
      null,
      null,
    ]);
    // Ids are kept on a later save.
    const again = (
      await admin.ok(SAVE, {
        kind: 'COMPANY',
        id: company.id,
        blocks: page.blocks.map(({ id, kind, x, y, w, h, text, url, field }: Record<string, unknown>) => ({
          id,
          kind,
          x,
          y,
          w,
          h,
          text,
          url,
          field,
        })),
      })
    ).saveCustomPage;
    expect(again.blocks.map((b: { id: string }) => b.id)).toEqual(page.blocks.map((b: { id: string }) => b.id));
  });

  it('refuses bad blocks with their path: unknown fields, grid bounds, missing content, bad URLs', async () => {
    const r = await admin.gql(SAVE, {
      kind: 'COMPANY',
      id: company.id,
      blocks: [
        { kind: 'CUSTOM_FIELD', x: 0, y: 0, w: 4, h: 1, field: 'nope' },
        { kind: 'RECORD_FIELD', x: 0, y: 0, w: 4, h: 1, field: 'passwordHash' },
        { kind: 'RECORD_FIELD', x: 0, y: 0, w: 4, h: 1, field: 'email' },
        { kind: 'HEADING', x: 10, y: 0, w: 4, h: 1, text: 'Trop large' },
        { kind: 'HEADING', x: 0, y: -1, w: 4, h: 0, text: 'Hors grille' },
        { kind: 'TEXT', x: 0, y: 0, w: 4, h: 1, text: '  ' },
        { kind: 'LINK', x: 0, y: 0, w: 4, h: 1, url: 'javascript:alert(1)' },
        { kind: 'IMAGE', x: 0, y: 0, w: 4, h: 1 },
      ],
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r).sort()).toEqual(
      [
        'blocks.0.field',
        'blocks.1.field',
        // email is a contact field, not a company one.
        'blocks.2.field',
        'blocks.3.w',
        'blocks.4.y',
        'blocks.4.h',
        'blocks.5.text',
        'blocks.6.url',
        'blocks.7.url',
      ].sort(),
    );
    const tooMany = await admin.gql(SAVE, {
      kind: 'COMPANY',
      id: company.id,
      blocks: Array.from({ length: 101 }, () => ({ kind: 'HEADING', x: 0, y: 0, w: 1, h: 1, text: 'x' })),
    });
    expect(fieldPaths(tooMany)).toEqual(['blocks']);
    expect(errorCode(await admin.gql(PAGE, { kind: 'CONTACT', id: company.id }))).toBe('NOT_FOUND');
  });

  it('admins manage templates; "+" copies one below the page content, to edit from there', async () => {
    const t = (
      await admin.ok(CREATE_TEMPLATE, {
        input: {
          recordKind: 'CONTACT',
          name: 'Fiche contact',
          blocks: [
            { kind: 'HEADING', x: 0, y: 0, w: 12, h: 1, text: 'Relation' },
            { kind: 'RECORD_FIELD', x: 0, y: 1, w: 6, h: 1, field: 'email' },
          ],
        },
      })
    ).createPageTemplate;
    expect(t.blocks).toHaveLength(2);
    const dup = await admin.gql(CREATE_TEMPLATE, { input: { recordKind: 'CONTACT', name: 'fiche CONTACT' } });
    expect(fieldPaths(dup)).toEqual(['input.name']);
    const wrongKind = await admin.gql(CREATE_TEMPLATE, {
      input: {
        recordKind: 'CONTACT',
        name: 'X',
        blocks: [{ kind: 'CUSTOM_FIELD', x: 0, y: 0, w: 1, h: 1, field: 'staff' }],
      },
    });
    expect(fieldPaths(wrongKind)).toEqual(['input.blocks.0.field']);

    const contactId = company.mainContact.id;
    await admin.ok(SAVE, {
      kind: 'CONTACT',
      id: contactId,
      blocks: [{ kind: 'TEXT', x: 0, y: 0, w: 12, h: 2, text: 'Déjà là' }],
    });
    const applied = (await admin.ok(APPLY, { kind: 'CONTACT', id: contactId, t: t.id })).applyPageTemplate;
    expect(applied.blocks.map((b: { kind: string; y: number }) => [b.kind, b.y])).toEqual([
      ['TEXT', 0],
      ['HEADING', 2],
      ['RECORD_FIELD', 3],
    ]);
    expect(applied.blocks[2]).toMatchObject({ fieldLabel: 'Email', display: 'c@acme.fr' });
    // The copy is the record's own: editing the template later does not change it.
    await admin.ok(
      'mutation($id: ID!) { updatePageTemplate(id: $id, input: { name: "Renommé", blocks: [] }) { id } }',
      {
        id: t.id,
      },
    );
    expect((await admin.ok(PAGE, { kind: 'CONTACT', id: contactId })).customPage.blocks).toHaveLength(3);
    // A company template does not apply to a contact.
    const companyTemplate = (await admin.ok(CREATE_TEMPLATE, { input: { recordKind: 'COMPANY', name: 'Société' } }))
      .createPageTemplate;
    expect(errorCode(await admin.gql(APPLY, { kind: 'CONTACT', id: contactId, t: companyTemplate.id }))).toBe(
      'NOT_FOUND',
    );

    const list = await admin.ok('{ pageTemplates(recordKind: CONTACT) { name } }');
    expect(list.pageTemplates).toEqual([{ name: 'Renommé' }]);

    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    expect(errorCode(await user.gql(CREATE_TEMPLATE, { input: { recordKind: 'CONTACT', name: 'U' } }))).toBe(
      'FORBIDDEN',
    );
    // Users apply templates and edit pages.
    expect((await user.gql(APPLY, { kind: 'COMPANY', id: company.id, t: companyTemplate.id })).errors).toBeUndefined();
    expect(await admin.ok('mutation($id: ID!) { deletePageTemplate(id: $id) }', { id: t.id })).toEqual({
      deletePageTemplate: true,
    });
  });

  it('deleting a custom field removes the blocks showing it', async () => {
    const field = (
      await admin.ok(
        `mutation { createCustomField(input: { recordKind: COMPANY, key: "gone", labelFr: "Parti", type: TEXT }) { id } }`,
      )
    ).createCustomField;
    const page = (
      await admin.ok(SAVE, {
        kind: 'COMPANY',
        id: company.id,
        blocks: [
          { kind: 'CUSTOM_FIELD', x: 0, y: 0, w: 6, h: 1, field: 'gone' },
          { kind: 'CUSTOM_FIELD', x: 6, y: 0, w: 6, h: 1, field: 'staff' },
        ],
      })
    ).saveCustomPage;
    expect(page.blocks).toHaveLength(2);
    await admin.ok('mutation($id: ID!) { deleteCustomField(id: $id) }', { id: field.id });
    const after = (await admin.ok(PAGE, { kind: 'COMPANY', id: company.id })).customPage;
    expect(after.blocks.map((b: { field: string }) => b.field)).toEqual(['staff']);
  });
});
