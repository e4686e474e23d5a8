import { AppError, FieldErrors } from '../../common/errors';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { consentProofInput } from './consent.service';

const HISTORY = 'consentHistory { optIn source method note }';
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { id ${HISTORY} mainContact { id ${HISTORY} } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) {
  createContact(input: $input) { id ${HISTORY} company { id ${HISTORY} } } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!) {
  updateContact(id: $id, input: $input) { id optIn ${HISTORY} } }`;
const UPDATE_COMPANY = `mutation($id: ID!, $input: CompanyFieldsInput!) {
  updateCompany(id: $id, input: $input) { id optIn ${HISTORY} } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fields = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => ({
    path: f.path.join('.'),
    message: f.message,
  }));

const WITHOUT_CHANGE = "Indiquez comment le consentement a été donné seulement quand l'opt-in change.";

describe('consent: how it was given and its proof', () => {
  let api: TestApi;
  let admin: TestClient;
  let n = 0;
  const mainContact = (over: Record<string, unknown> = {}) => ({
    firstName: 'Claire',
    lastName: `Preuve${++n}`,
    email: `claire.preuve${n}@consent.fr`,
    phoneDirect: '01 42 68 53 00',
    ...over,
  });

  beforeAll(async () => {
    api = await startTestApi();
    admin = await clientFor(api, await createWorkspaceWithAdmin());
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('records the method and note of opt-ins given when a company and its main contact are created', async () => {
    const { createCompany: c } = await admin.ok(CREATE_COMPANY, {
      input: {
        name: 'Salon Consent',
        optIn: true,
        optInMethod: 'PAPER',
        optInNote: '  Bon de commande signé  ',
        mainContact: mainContact({
          optIn: true,
          optInMethod: 'IN_PERSON',
          optInNote: 'Formulaire signé au Salon X 2026',
        }),
      },
    });
    expect(c.consentHistory).toEqual([{ optIn: true, source: 'user', method: 'PAPER', note: 'Bon de commande signé' }]);
    expect(c.mainContact.consentHistory).toEqual([
      { optIn: true, source: 'user', method: 'IN_PERSON', note: 'Formulaire signé au Salon X 2026' },
    ]);
  });

  it('records them for a contact created with a new company, each on its own event', async () => {
    const { createContact: k } = await admin.ok(CREATE_CONTACT, {
      input: {
        firstName: 'Léa',
        lastName: 'Webform',
        optIn: true,
        optInMethod: 'WEB_FORM',
        newCompany: { name: 'Nouvelle Consent', optIn: true, optInMethod: 'EMAIL', optInNote: 'Mail du 3 mars' },
      },
    });
    expect(k.consentHistory).toEqual([{ optIn: true, source: 'user', method: 'WEB_FORM', note: null }]);
    expect(k.company.consentHistory).toEqual([
      { optIn: true, source: 'user', method: 'EMAIL', note: 'Mail du 3 mars' },
    ]);
  });

  it('records them for a client created inside an event form, and refuses them there without an opt-in', async () => {
    const CREATE_EVENT = `mutation($input: CreateEventInput!) {
      createEvent(input: $input) { company { ${HISTORY} mainContact { ${HISTORY} } } } }`;
    const event = (client: Record<string, unknown>) => ({
      name: 'Gala Consent',
      startDate: '2026-09-01',
      newClient: client,
    });
    const { createEvent } = await admin.ok(CREATE_EVENT, {
      input: event({
        name: 'Client Inline Consent',
        optIn: true,
        optInMethod: 'WEB_FORM',
        mainContact: mainContact({ optIn: true, optInMethod: 'IN_PERSON', optInNote: 'Stand du gala' }),
      }),
    });
    expect(createEvent.company.consentHistory).toEqual([
      { optIn: true, source: 'user', method: 'WEB_FORM', note: null },
    ]);
    expect(createEvent.company.mainContact.consentHistory).toEqual([
      { optIn: true, source: 'user', method: 'IN_PERSON', note: 'Stand du gala' },
    ]);
    const refused = await admin.gql(CREATE_EVENT, {
      input: event({ name: 'Client Inline Refusé', mainContact: mainContact({ optInNote: 'Stand du gala' }) }),
    });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(fields(refused).map((f) => f.path)).toEqual(['input.newClient.mainContact.optInNote']);
  });

  it('records them on updates that change the opt-in; a withdrawal without them keeps them empty', async () => {
    const { createCompany: c } = await admin.ok(CREATE_COMPANY, {
      input: { name: 'Mise à jour Consent', mainContact: mainContact() },
    });
    const id = c.mainContact.id;
    expect(c.mainContact.consentHistory).toEqual([]);
    await admin.ok(UPDATE_CONTACT, { id, input: { optIn: true, optInMethod: 'PHONE', optInNote: 'Appel du 12/01' } });
    const { updateContact } = await admin.ok(UPDATE_CONTACT, { id, input: { optIn: false } });
    expect(updateContact).toMatchObject({
      optIn: false,
      consentHistory: [
        { optIn: false, source: 'user', method: null, note: null },
        { optIn: true, source: 'user', method: 'PHONE', note: 'Appel du 12/01' },
      ],
    });
    const { updateCompany } = await admin.ok(UPDATE_COMPANY, {
      id: c.id,
      input: { optIn: true, optInMethod: 'OTHER', optInNote: 'Courrier recommandé' },
    });
    expect(updateCompany.consentHistory).toEqual([
      { optIn: true, source: 'user', method: 'OTHER', note: 'Courrier recommandé' },
    ]);
  });

  it('refuses a method or a note without an opt-in change, on the field path, and records nothing', async () => {
    const { createCompany: c } = await admin.ok(CREATE_COMPANY, {
      input: { name: 'Refus Consent', optIn: true, mainContact: mainContact({ optIn: true }) },
    });
    const id = c.mainContact.id;
    const cases: [string, Record<string, unknown>, string[]][] = [
      // No optIn at all.
      [UPDATE_CONTACT, { id, input: { optInMethod: 'PHONE', position: 'DG' } }, ['input.optInMethod']],
      // optIn given but the same as now: no change, no event.
      [UPDATE_CONTACT, { id, input: { optIn: true, optInNote: 'déjà inscrite' } }, ['input.optInNote']],
      [
        UPDATE_COMPANY,
        { id: c.id, input: { optIn: true, optInMethod: 'EMAIL', optInNote: 'x' } },
        ['input.optInMethod', 'input.optInNote'],
      ],
      [
        CREATE_COMPANY,
        { input: { name: 'Sans opt-in', optInNote: 'papier', mainContact: mainContact({ optInMethod: 'PHONE' }) } },
        ['input.mainContact.optInMethod', 'input.optInNote'],
      ],
      [
        CREATE_CONTACT,
        {
          input: {
            firstName: 'Zoé',
            lastName: 'Sansconsent',
            optIn: false,
            optInMethod: 'WEB_FORM',
            newCompany: { name: 'Sans opt-in bis', optInNote: 'salon' },
          },
        },
        ['input.optInMethod', 'input.newCompany.optInNote'],
      ],
    ];
    for (const [query, variables, paths] of cases) {
      const r = await admin.gql(query, variables);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(
        fields(r)
          .map((f) => f.path)
          .sort(),
      ).toEqual([...paths].sort());
      expect(fields(r)[0].message).toBe(WITHOUT_CHANGE);
    }
    const now = await admin.ok(
      `query($id: ID!) { contact(id: $id) { position ${HISTORY} } company(id: "${c.id}") { ${HISTORY} } }`,
      {
        id,
      },
    );
    expect(now.contact.position).toBeNull();
    expect(now.contact.consentHistory).toEqual([{ optIn: true, source: 'user', method: null, note: null }]);
    expect(now.company.consentHistory).toHaveLength(1);
    const { companyPicker } = await admin.ok('{ companyPicker(query: "Sans opt-in") { name } }');
    expect(companyPicker).toEqual([]);
  });

  it('limits the note to 500 characters and the method to the known ones', async () => {
    const { createCompany: c } = await admin.ok(CREATE_COMPANY, {
      input: { name: 'Longueur Consent', mainContact: mainContact() },
    });
    const id = c.mainContact.id;
    const long = await admin.gql(UPDATE_CONTACT, { id, input: { optIn: true, optInNote: 'é'.repeat(501) } });
    expect(errorCode(long)).toBe('BAD_USER_INPUT');
    expect(fields(long).map((f) => f.path)).toEqual(['input.optInNote']);
    const ok = await admin.ok(UPDATE_CONTACT, { id, input: { optIn: true, optInNote: 'é'.repeat(500) } });
    expect(ok.updateContact.consentHistory[0].note).toHaveLength(500);

    // GraphQL refuses a method outside the enum before any service runs…
    const unknown = await admin.gql(UPDATE_CONTACT, { id, input: { optIn: false, optInMethod: 'FAX' } });
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
    // …and services called with plain strings (jobs, scripts) apply the same rule, on the path.
    const errors = new FieldErrors();
    consentProofInput({ optInMethod: 'FAX' as never, optInNote: 'ok' }, errors, ['input']);
    let thrown: unknown;
    try {
      errors.throwIfAny();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).fields).toEqual([{ path: ['input', 'optInMethod'], message: 'field.invalid' }]);
  });
});
