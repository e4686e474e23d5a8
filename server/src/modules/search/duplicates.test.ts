import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { isLuhnValid } from '../validation/french-ids';

const CHECK = `query($input: DuplicateCheckInput!) {
  duplicateCandidates(input: $input) { id kind title subtitle detail active companyId reasons } }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;

/** Another establishment of the same company: same SIREN, another NIC with a valid key. */
function otherSiret(siren: string, notNic: string): string {
  for (let nic = 10; nic < 99999; nic++) {
    const siret = `${siren}${String(nic).padStart(5, '0')}`;
    if (siret.slice(9) !== notNic && isLuhnValid(siret)) return siret;
  }
  throw new Error('no SIRET');
}

describe('duplicate candidates', () => {
  let api: TestApi;
  let admin: TestClient;
  let other: TestClient;
  let sg: { id: string; mainContact: { id: string } };

  const check = async (input: Record<string, unknown>, client = admin) =>
    (await client.ok(CHECK, { input })).duplicateCandidates as {
      id: string;
      kind: string;
      title: string;
      reasons: string[];
      active: boolean;
    }[];

  /** A company with only a name and a main contact (no postal code). */
  const createNamed = async (client: TestClient, name: string, email: string, phoneDirect: string) =>
    (await client.ok(CREATE, { input: { name, mainContact: { firstName: 'A', lastName: 'B', email, phoneDirect } } }))
      .createCompany as { id: string };

  beforeAll(async () => {
    api = await startTestApi();
    admin = await clientFor(api, await createWorkspaceWithAdmin());
    other = await clientFor(api, await createWorkspaceWithAdmin());
    sg = (
      await admin.ok(CREATE, {
        input: {
          name: 'Société Générale',
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          postalCode: '75009',
          city: 'Paris',
          mainContact: {
            firstName: 'Claire',
            lastName: 'Martin',
            email: 'claire.martin@acme.fr',
            phoneDirect: '01 42 68 53 00',
            phoneMobile: '06 12 34 56 78',
          },
        },
      })
    ).createCompany;
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('finds a company by SIRET typed with spaces', async () => {
    const r = await check({ kind: 'COMPANY', siret: '732 829 320 00074' });
    expect(r).toEqual([expect.objectContaining({ id: sg.id, kind: 'COMPANY', reasons: ['SIRET'], active: true })]);
  });

  it('finds another establishment of the same company by SIREN, and by SIREN alone', async () => {
    const siret = otherSiret('732829320', '00074');
    expect((await check({ kind: 'COMPANY', siret }))[0]).toMatchObject({ id: sg.id, reasons: ['SIREN'] });
    expect((await check({ kind: 'COMPANY', siren: '732 829 320' }))[0]).toMatchObject({ reasons: ['SIREN'] });
  });

  it('finds a company by VAT number in any case and spacing', async () => {
    expect((await check({ kind: 'COMPANY', vatNumber: 'fr 44 732 829 320' }))[0]).toMatchObject({
      id: sg.id,
      reasons: ['VAT'],
    });
  });

  it('finds a very similar name in the same postal code only', async () => {
    const same = await check({ kind: 'COMPANY', name: 'societe generale', postalCode: '75009' });
    expect(same).toEqual([expect.objectContaining({ id: sg.id, reasons: ['NAME_POSTAL_CODE'] })]);
    expect(await check({ kind: 'COMPANY', name: 'Société Générale', postalCode: '69002' })).toEqual([]);
    expect(await check({ kind: 'COMPANY', name: 'Banque Populaire', postalCode: '75009' })).toEqual([]);
  });

  it('finds nearly the same name without a postal code, and only that', async () => {
    for (const name of ['societe generale', ' SOCIÉTÉ  GÉNÉRALE ', 'Societe Generalle']) {
      expect(await check({ kind: 'COMPANY', name })).toEqual([
        expect.objectContaining({ id: sg.id, kind: 'COMPANY', reasons: ['NAME'] }),
      ]);
    }
    const optique = await createNamed(admin, 'Générale Optique', 'l@optique.fr', '01 45 00 00 02');
    // A shared word, an unfinished name, an unrelated one or too short a name: nothing.
    for (const name of ['Générale', 'Société Gén', 'Banque Populaire', 'SG', 'Société']) {
      expect(await check({ kind: 'COMPANY', name })).toEqual([]);
    }
    expect(await check({ kind: 'COMPANY', name: 'generale optique' })).toEqual([
      expect.objectContaining({ id: optique.id, reasons: ['NAME'] }),
    ]);
    expect(await check({ kind: 'COMPANY', name: 'societe generale', excludeId: sg.id })).toEqual([]);
    await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: optique.id });
    expect(await check({ kind: 'COMPANY', name: 'generale optique' })).toEqual([]);
  });

  it("never finds another workspace's company by name", async () => {
    const theirs = await createNamed(other, 'Société Générale', 'p@autre.fr', '01 45 00 00 03');
    expect(await check({ kind: 'COMPANY', name: 'societe generale' })).toEqual([
      expect.objectContaining({ id: sg.id, reasons: ['NAME'] }),
    ]);
    expect(await check({ kind: 'COMPANY', name: 'societe generale' }, other)).toEqual([
      expect.objectContaining({ id: theirs.id, reasons: ['NAME'] }),
    ]);
    expect(await check({ kind: 'COMPANY', name: 'societe generale', postalCode: '75009' }, other)).toEqual([]);
  });

  it('gathers every reason, strongest first', async () => {
    const r = await check({
      kind: 'COMPANY',
      name: 'Societé Générale',
      postalCode: '75 009',
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
    });
    expect(r).toEqual([expect.objectContaining({ id: sg.id, reasons: ['SIRET', 'VAT', 'NAME_POSTAL_CODE'] })]);
  });

  it('ignores unfinished input, the record being edited, deleted records and other workspaces', async () => {
    expect(await check({ kind: 'COMPANY', siret: '7328' })).toEqual([]);
    expect(await check({ kind: 'COMPANY', siret: '73282932000074', excludeId: sg.id })).toEqual([]);
    expect(await check({ kind: 'COMPANY', siret: '73282932000074' }, other)).toEqual([]);
    expect(await check({ kind: 'CONTACT', email: 'claire.martin@acme.fr' }, other)).toEqual([]);
    const gone = (
      await admin.ok(CREATE, {
        input: {
          name: 'Disparue',
          siret: otherSiret('552100554', '00000'),
          mainContact: { firstName: 'A', lastName: 'B', email: 'a.b@disparue.fr', phoneDirect: '01 45 00 00 01' },
        },
      })
    ).createCompany;
    await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: gone.id });
    expect(await check({ kind: 'COMPANY', siren: '552100554' })).toEqual([]);
    expect(await check({ kind: 'CONTACT', email: 'a.b@disparue.fr' })).toEqual([]);
  });

  it('finds a contact by e-mail in any case', async () => {
    const r = await check({ kind: 'CONTACT', email: ' Claire.MARTIN@acme.fr ' });
    expect(r).toEqual([
      expect.objectContaining({ id: sg.mainContact.id, kind: 'CONTACT', title: 'Claire Martin', reasons: ['EMAIL'] }),
    ]);
    expect(await check({ kind: 'CONTACT', email: 'claire.martin@' })).toEqual([]);
  });

  it.each(['+33 6 12 34 56 78', '06.12.34.56.78', '0033612345678', '01 42 68 53 00'])(
    'finds a contact by phone typed as %p',
    async (phone) => {
      const r = await check({ kind: 'CONTACT', phones: ['not a phone', phone] });
      expect(r).toEqual([expect.objectContaining({ id: sg.mainContact.id, reasons: ['PHONE'] })]);
    },
  );

  it('finds the same name in the same company only', async () => {
    const same = await check({ kind: 'CONTACT', firstName: 'claire', lastName: 'MARTIN', companyId: sg.id });
    expect(same).toEqual([expect.objectContaining({ id: sg.mainContact.id, reasons: ['NAME_COMPANY'] })]);
    expect(await check({ kind: 'CONTACT', firstName: 'Claire', lastName: 'Martin' })).toEqual([]);
    expect(await check({ kind: 'CONTACT', firstName: 'Paul', lastName: 'Martin', companyId: sg.id })).toEqual([]);
    const all = await check({
      kind: 'CONTACT',
      firstName: 'Claire',
      lastName: 'Martin',
      companyId: sg.id,
      email: 'claire.martin@acme.fr',
      phones: ['0612345678'],
    });
    expect(all[0].reasons).toEqual(['EMAIL', 'PHONE', 'NAME_COMPANY']);
  });

  it('refuses another kind and needs a session', async () => {
    const r = await admin.gql(CHECK, { input: { kind: 'EVENT', name: 'x' } });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    const anonymous = await new (admin.constructor as new (url: string) => TestClient)(api.url).gql(CHECK, {
      input: { kind: 'COMPANY', siret: '73282932000074' },
    });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});
