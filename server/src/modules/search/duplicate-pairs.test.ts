import {
  type TestApi,
  type TestClient,
  apiKeyClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import type { Ctx } from '../../common/context';
import { withTenant } from '../../db/tenant-scope';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { RecordKind } from '../custom-field/custom-field.model';
import { UserRole } from '../user/user.entity';
import { isLuhnValid } from '../validation/french-ids';
import { duplicatePairs } from './duplicate-pairs.service';

const PAIRS = `query($kind: RecordKind!, $first: Int, $after: String) {
  duplicatePairs(kind: $kind, first: $first, after: $after) {
    edges { cursor node { kind reasons
      first { id name active createdAt postalCode city siret vatNumber email phone phoneNational companyId companyName }
      second { id name active createdAt postalCode city siret vatNumber email phone phoneNational companyId companyName } } }
    pageInfo { hasNextPage endCursor } } }`;
const DISMISS = `mutation($kind: RecordKind!, $a: ID!, $b: ID!) { dismissDuplicatePair(kind: $kind, idA: $a, idB: $b) }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;

interface Node {
  kind: string;
  reasons: string[];
  first: {
    id: string;
    name: string;
    siret: string | null;
    email: string | null;
    companyName: string | null;
    phoneNational: string | null;
  };
  second: { id: string; name: string; phoneNational: string | null };
}

/** Another establishment of the same company: same SIREN, another NIC with a valid key. */
function otherSiret(siren: string, notNic: string): string {
  for (let nic = 10; nic < 99999; nic++) {
    const siret = `${siren}${String(nic).padStart(5, '0')}`;
    if (siret.slice(9) !== notNic && isLuhnValid(siret)) return siret;
  }
  throw new Error('no SIRET');
}

const key = (ids: string[]) => [...ids].sort().join(' ');

interface PairPage {
  duplicatePairs: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('duplicate pairs (the Doublons page)', () => {
  let api: TestApi;
  let admin: TestClient;
  let other: TestClient;
  let n = 0;

  /** A company with its own main contact (unique e-mail and phone, so contacts do not pair). */
  async function company(client: TestClient, input: Record<string, unknown>) {
    n++;
    const mainContact = {
      firstName: `Prénom${n}`,
      lastName: `Nom${n}`,
      email: `main${n}@dupes.test`,
      phoneDirect: `01 42 00 ${String(10 + Math.floor(n / 90)).padStart(2, '0')} ${String(10 + (n % 90)).padStart(2, '0')}`,
    };
    return (await client.ok(CREATE, { input: { mainContact, ...input } })).createCompany as {
      id: string;
      mainContact: { id: string };
    };
  }

  async function all(client: TestClient, kind: 'COMPANY' | 'CONTACT'): Promise<Node[]> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const { duplicatePairs: page }: PairPage = await client.ok(PAIRS, { kind, first: 100, after });
      nodes.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }
  const pairOf = (nodes: Node[], a: string, b: string) =>
    nodes.find((p) => key([p.first.id, p.second.id]) === key([a, b]));

  beforeAll(async () => {
    api = await startTestApi();
    admin = await clientFor(api, await createWorkspaceWithAdmin());
    other = await clientFor(api, await createWorkspaceWithAdmin());
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  describe('companies', () => {
    let siret1: { id: string };
    let siret2: { id: string };
    let vat1: { id: string };
    let vat2: { id: string };
    let siren1: { id: string };
    let siren2: { id: string };
    let name1: { id: string };
    let name2: { id: string };
    let near1: { id: string };
    let near2: { id: string };
    let alone: { id: string };

    beforeAll(async () => {
      // Created in an order unrelated to the expected order of the pairs.
      name1 = await company(admin, { name: 'Société Générale Événements', city: 'Lyon', postalCode: '69002' });
      near1 = await company(admin, { name: 'Traiteur Lenotre' });
      siret1 = await company(admin, { name: 'Alpha Réceptions', siret: '73282932000074', city: 'Paris' });
      vat1 = await company(admin, { name: 'Gamma Congrès', vatNumber: 'FR44732829320' });
      siren1 = await company(admin, { name: 'Sigma Salons', siret: otherSiret('443061841', '') });
      alone = await company(admin, { name: 'Omega Spectacles' });
      siret2 = await company(admin, { name: 'Beta Séminaires', siret: '732 829 320 00074' });
      vat2 = await company(admin, { name: 'Delta Voyages', vatNumber: 'FR 44 732829320' });
      siren2 = await company(admin, { name: 'Tau Festivals', siret: otherSiret('443061841', '00013') });
      name2 = await company(admin, { name: 'SOCIETE GENERALE EVENEMENTS' });
      near2 = await company(admin, { name: 'Traiteur Lenotre SA' });
      // The other workspace holds the same SIRET and names: never paired with this one's.
      await company(other, { name: 'Alpha Réceptions', siret: '73282932000074' });
      await company(other, { name: 'Société Générale Événements', siret: '73282932000074' });
    });

    it('finds a pair for each reason, strongest first, with both records', async () => {
      const nodes = await all(admin, 'COMPANY');
      const order = [
        [siret1, siret2],
        [vat1, vat2],
        [siren1, siren2],
        [name1, name2],
        [near1, near2],
      ].map(([a, b]) => nodes.indexOf(pairOf(nodes, a.id, b.id) as Node));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((x, y) => x - y)).toEqual(order);
      expect(nodes).toHaveLength(5);
      expect(pairOf(nodes, siret1.id, siret2.id)).toMatchObject({
        kind: 'COMPANY',
        reasons: ['SIRET', 'SIREN'],
        // The older record first.
        first: { id: siret1.id, name: 'Alpha Réceptions', siret: '73282932000074' },
        second: { id: siret2.id, name: 'Beta Séminaires' },
      });
      expect(pairOf(nodes, vat1.id, vat2.id)?.reasons).toEqual(['VAT']);
      expect(pairOf(nodes, siren1.id, siren2.id)?.reasons).toEqual(['SIREN']);
      expect(pairOf(nodes, name1.id, name2.id)?.reasons).toEqual(['NAME']);
      expect(pairOf(nodes, near1.id, near2.id)?.reasons).toEqual(['NAME']);
      expect(nodes.some((p) => [p.first.id, p.second.id].includes(alone.id))).toBe(false);
    });

    it('never pairs another workspace’s records', async () => {
      const mine = await all(admin, 'COMPANY');
      const theirs = await all(other, 'COMPANY');
      expect(theirs).toHaveLength(1);
      const ids = new Set(mine.flatMap((p) => [p.first.id, p.second.id]));
      expect(theirs.flatMap((p) => [p.first.id, p.second.id]).some((id) => ids.has(id))).toBe(false);
    });

    it('pages through the pairs with the cursor, each pair once', async () => {
      const whole = (await all(admin, 'COMPANY')).map((p) => key([p.first.id, p.second.id]));
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const { duplicatePairs: page }: PairPage = await admin.ok(PAIRS, { kind: 'COMPANY', first: 2, after });
        seen.push(...page.edges.map((e) => key([e.node.first.id, e.node.second.id])));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(whole);
      const bad = await admin.gql(PAIRS, { kind: 'COMPANY', after: 'not-a-cursor' });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    });

    it('leaves out dismissed pairs, for this workspace only', async () => {
      // Either order of the ids names the same pair.
      expect((await admin.ok(DISMISS, { kind: 'COMPANY', a: vat2.id, b: vat1.id })).dismissDuplicatePair).toBe(true);
      expect((await admin.ok(DISMISS, { kind: 'COMPANY', a: vat1.id, b: vat2.id })).dismissDuplicatePair).toBe(true);
      const nodes = await all(admin, 'COMPANY');
      expect(pairOf(nodes, vat1.id, vat2.id)).toBeUndefined();
      expect(nodes).toHaveLength(4);
      // Once on each record's history (the second call changed nothing), naming the other.
      const { auditTrail } = await admin.ok(
        `query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) { edges { node { action changes labels } } } }`,
        { id: vat1.id },
      );
      const dismissals = auditTrail.edges.filter(
        (e: { node: { action: string } }) => e.node.action === 'duplicate.dismiss',
      );
      expect(dismissals).toHaveLength(1);
      expect(dismissals[0].node.changes).toEqual({ notDuplicateOf: { from: null, to: vat2.id } });
      expect(dismissals[0].node.labels[vat2.id]).toBe('Delta Voyages');
      // Another workspace's records: not found, and nothing stored.
      expect(errorCode(await other.gql(DISMISS, { kind: 'COMPANY', a: name1.id, b: name2.id }))).toBe('NOT_FOUND');
      expect(errorCode(await admin.gql(DISMISS, { kind: 'COMPANY', a: name1.id, b: name1.id }))).toBe('BAD_USER_INPUT');
      expect(pairOf(await all(admin, 'COMPANY'), name1.id, name2.id)).toBeDefined();
    });

    it('drops a pair once merged, and pairs of deleted records', async () => {
      await admin.ok('mutation($k: ID!, $m: ID!) { mergeCompanies(keepId: $k, mergeId: $m) { keptId } }', {
        k: name1.id,
        m: name2.id,
      });
      await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: near2.id });
      const nodes = await all(admin, 'COMPANY');
      expect(pairOf(nodes, name1.id, name2.id)).toBeUndefined();
      expect(pairOf(nodes, near1.id, near2.id)).toBeUndefined();
      expect(nodes).toHaveLength(2);
    });

    it('lets a read-only API key list the pairs but not dismiss one', async () => {
      const reader = await apiKeyClient(api, admin, 'READ_ONLY');
      expect((await reader.ok(PAIRS, { kind: 'COMPANY' })).duplicatePairs.edges).toHaveLength(2);
      const r = await reader.gql(DISMISS, { kind: 'COMPANY', a: siret1.id, b: siret2.id });
      expect(errorCode(r)).toBe('FORBIDDEN');
      expect(pairOf(await all(admin, 'COMPANY'), siret1.id, siret2.id)).toBeDefined();
    });
  });

  it('resumes the walk of nearly identical names where a request’s budget stopped it', async () => {
    const who = await createWorkspaceWithAdmin();
    const ws = await clientFor(api, who);
    const names = [
      ['Traiteur Lenotre', 'Zèbre Productions', 'Traiteur Lenotre SA'],
      ['Atelier Lumiere', 'Kiosque Azur', 'Atelier Lumieres'],
      ['Societe Generale', 'Horizon Vidéo', 'Societe Generalle'],
    ];
    for (const trio of names) for (const name of trio) await company(ws, { name });
    const whole = (await all(ws, 'COMPANY')).map((p) => key([p.first.id, p.second.id]));
    expect(whole).toHaveLength(3);
    // Walks the pairs page by page with a small walk per request.
    const walk = (first: number, nearNames: { budget: number; window: number }) =>
      withTenant(api.deps.dataSource, who.workspaceId, who.userId, async (_em, scope) => {
        const ctx: Ctx = {
          actor: {
            workspaceId: who.workspaceId,
            userId: who.userId,
            role: UserRole.ADMIN,
            apiKeyId: null,
            scope: ApiKeyScope.READ_WRITE,
            locale: 'fr',
          },
          scope,
          deps: api.deps,
        };
        const keys: string[] = [];
        let after: string | null = null;
        let requests = 1;
        for (; requests < 30; requests++) {
          const page = await duplicatePairs(ctx, RecordKind.COMPANY, first, after, nearNames);
          keys.push(...page.edges.map((e) => key([e.node.first.id, e.node.second.id])));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        return { keys, requests };
      });
    // One company probed per request: pages come back short, with hasNextPage, until the walk
    // ends. Each pair once; the order is by similarity only within a window (here one company).
    const one = await walk(2, { budget: 1, window: 1 });
    expect(one.requests).toBeGreaterThanOrEqual(9);
    expect([...one.keys].sort()).toEqual([...whole].sort());
    // Three windows of one company per request: fewer requests, the same pairs.
    const three = await walk(2, { budget: 3, window: 1 });
    expect(three.requests).toBeGreaterThanOrEqual(3);
    expect(three.requests).toBeLessThan(one.requests);
    expect([...three.keys].sort()).toEqual([...whole].sort());
    // One pair a page in windows of four companies: a page stopping inside a window reads it
    // again from its position on the next request.
    const inside = await walk(1, { budget: 4, window: 4 });
    expect([...inside.keys].sort()).toEqual([...whole].sort());
  });

  describe('order within a reason', () => {
    let ws: TestClient;
    beforeAll(async () => {
      ws = await clientFor(api, await createWorkspaceWithAdmin());
    });

    it('puts the most similar names first, then pages through them in that order', async () => {
      // Three establishments of one SIRET: the two "Alpha" pairs look more alike than the third.
      const x = await company(ws, { name: 'Zulu Traiteur', siret: '73282932000074' });
      const y = await company(ws, { name: 'Alpha Événements Lyon', siret: '73282932000074' });
      const z = await company(ws, { name: 'Alpha Evenement Lyon', siret: '73282932000074' });
      // Nearly the same names, less and less alike (all at similarity ≥ 0.8), created out of order.
      const n3 = await company(ws, { name: 'Orchestre Philharmonique Rive Gauche' });
      const n1 = await company(ws, { name: 'Orchestre Philharmonique Rive Gauches' });
      const m1 = await company(ws, { name: 'Compagnie des Lumieres du Rhone' });
      const m2 = await company(ws, { name: 'Compagnie des Lumieres du Rhone SA' });
      const nodes = await all(ws, 'COMPANY');
      expect(nodes.map((p) => key([p.first.id, p.second.id]))).toEqual([
        key([y.id, z.id]),
        ...[key([x.id, y.id]), key([x.id, z.id])].sort(),
        key([n3.id, n1.id]),
        key([m1.id, m2.id]),
      ]);
      expect(nodes.map((p) => p.reasons)).toEqual([
        ['SIRET', 'SIREN', 'NAME'],
        ['SIRET', 'SIREN'],
        ['SIRET', 'SIREN'],
        ['NAME'],
        ['NAME'],
      ]);
      // One pair a page: the cursor carries the similarity, each pair comes once, in order.
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const { duplicatePairs: page }: PairPage = await ws.ok(PAIRS, { kind: 'COMPANY', first: 1, after });
        seen.push(...page.edges.map((e) => key([e.node.first.id, e.node.second.id])));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(nodes.map((p) => key([p.first.id, p.second.id])));
    });

    it('pairs the same name in the same postal code before the same name alone', async () => {
      const a = await company(ws, { name: 'Brasserie du Port', postalCode: '13002', city: 'Marseille' });
      const b = await company(ws, { name: 'BRASSERIE DU PORT', postalCode: '13002', city: 'Marseille' });
      const c = await company(ws, { name: 'Brasserie du port', postalCode: '29200', city: 'Brest' });
      const nodes = await all(ws, 'COMPANY');
      const same = nodes.indexOf(pairOf(nodes, a.id, b.id) as Node);
      const name = [pairOf(nodes, a.id, c.id), pairOf(nodes, b.id, c.id)].map((p) => nodes.indexOf(p as Node));
      // After the SIRET pairs, before the equal names and the nearly identical ones.
      expect(same).toBe(3);
      expect(name.sort()).toEqual([4, 5]);
      expect(nodes[same].reasons).toEqual(['SAME_NAME_POSTAL_CODE']);
      expect(nodes[4].reasons).toEqual(['NAME']);
      expect(nodes).toHaveLength(8);
      // One pair a page, across the same postal code and the other equal names: the same order.
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const { duplicatePairs: page }: PairPage = await ws.ok(PAIRS, { kind: 'COMPANY', first: 1, after });
        seen.push(...page.edges.map((e) => key([e.node.first.id, e.node.second.id])));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(nodes.map((p) => key([p.first.id, p.second.id])));
    });
  });

  describe('dismissed pairs', () => {
    const DISMISSED = `query($kind: RecordKind!, $first: Int, $after: String) {
      dismissedDuplicatePairs(kind: $kind, first: $first, after: $after) {
        edges { cursor node { dismissedAt dismissedBy pair { kind reasons first { id name } second { id name } } } }
        pageInfo { hasNextPage endCursor } } }`;
    const RESTORE = `mutation($kind: RecordKind!, $a: ID!, $b: ID!) { restoreDuplicatePair(kind: $kind, idA: $a, idB: $b) }`;
    interface Dismissed {
      dismissedDuplicatePairs: {
        edges: { node: { dismissedAt: string; dismissedBy: string | null; pair: Node } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }
    let ws: TestClient;
    let a: { id: string };
    let b: { id: string };
    let c: { id: string };
    let d: { id: string };

    beforeAll(async () => {
      ws = await clientFor(api, await createWorkspaceWithAdmin());
      a = await company(ws, { name: 'Les Jardins Suspendus', siret: '73282932000074' });
      b = await company(ws, { name: 'Jardins Suspendus', siret: '73282932000074' });
      c = await company(ws, { name: 'Château Margaux Réceptions' });
      d = await company(ws, { name: 'Chateau Margaux Receptions' });
    });

    it('lists the dismissed pairs, latest first, with who dismissed them and when', async () => {
      const before = Date.now();
      await ws.ok(DISMISS, { kind: 'COMPANY', a: b.id, b: a.id });
      await ws.ok(DISMISS, { kind: 'COMPANY', a: c.id, b: d.id });
      expect(await all(ws, 'COMPANY')).toEqual([]);
      const { dismissedDuplicatePairs: list }: Dismissed = await ws.ok(DISMISSED, { kind: 'COMPANY' });
      expect(list.edges.map((e) => key([e.node.pair.first.id, e.node.pair.second.id]))).toEqual([
        key([c.id, d.id]),
        key([a.id, b.id]),
      ]);
      expect(list.edges[1].node).toMatchObject({
        dismissedBy: 'Test Admin',
        pair: { kind: 'COMPANY', reasons: ['SIRET', 'SIREN', 'NAME'], first: { id: a.id }, second: { id: b.id } },
      });
      expect(Date.parse(list.edges[1].node.dismissedAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(list.pageInfo.hasNextPage).toBe(false);
      // Page by page through the cursor.
      const p1: Dismissed = await ws.ok(DISMISSED, { kind: 'COMPANY', first: 1 });
      expect(p1.dismissedDuplicatePairs.pageInfo.hasNextPage).toBe(true);
      const p2: Dismissed = await ws.ok(DISMISSED, {
        kind: 'COMPANY',
        first: 1,
        after: p1.dismissedDuplicatePairs.pageInfo.endCursor,
      });
      expect(p2.dismissedDuplicatePairs.edges.map((e) => e.node.pair.first.id)).toEqual([a.id]);
      expect(p2.dismissedDuplicatePairs.pageInfo.hasNextPage).toBe(false);
      expect(errorCode(await ws.gql(DISMISSED, { kind: 'COMPANY', after: 'nope' }))).toBe('BAD_USER_INPUT');
      // Contacts have their own; another workspace sees none of these.
      expect((await ws.ok(DISMISSED, { kind: 'CONTACT' })).dismissedDuplicatePairs.edges).toEqual([]);
      expect((await other.ok(DISMISSED, { kind: 'COMPANY' })).dismissedDuplicatePairs.edges).toEqual([]);
    });

    it('restores a pair, on both records’ history, for writers only', async () => {
      const reader = await apiKeyClient(api, ws, 'READ_ONLY');
      expect(errorCode(await reader.gql(RESTORE, { kind: 'COMPANY', a: a.id, b: b.id }))).toBe('FORBIDDEN');
      // Another workspace cannot take back this one's decision, nor learn that these records exist.
      expect(errorCode(await other.gql(RESTORE, { kind: 'COMPANY', a: a.id, b: b.id }))).toBe('NOT_FOUND');
      expect(await all(ws, 'COMPANY')).toEqual([]);

      expect((await ws.ok(RESTORE, { kind: 'COMPANY', a: b.id, b: a.id })).restoreDuplicatePair).toBe(true);
      expect((await ws.ok(RESTORE, { kind: 'COMPANY', a: a.id, b: b.id })).restoreDuplicatePair).toBe(true);
      const nodes = await all(ws, 'COMPANY');
      expect(nodes.map((p) => key([p.first.id, p.second.id]))).toEqual([key([a.id, b.id])]);
      const { dismissedDuplicatePairs: list }: Dismissed = await ws.ok(DISMISSED, { kind: 'COMPANY' });
      expect(list.edges.map((e) => e.node.pair.first.id)).toEqual([c.id]);
      // Once on each record (the second call changed nothing), naming the other.
      for (const [self, peer] of [
        [a, b],
        [b, a],
      ]) {
        const { auditTrail } = await ws.ok(
          `query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) { edges { node { action changes } } } }`,
          { id: self.id },
        );
        const restores = auditTrail.edges.filter(
          (e: { node: { action: string } }) => e.node.action === 'duplicate.restore',
        );
        expect(restores).toHaveLength(1);
        expect(restores[0].node.changes).toEqual({ notDuplicateOf: { from: peer.id, to: null } });
      }
      expect(errorCode(await ws.gql(RESTORE, { kind: 'COMPANY', a: a.id, b: a.id }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await ws.gql(RESTORE, { kind: 'COMPANY', a: a.id, b: 'x' }))).toBe('NOT_FOUND');
    });

    it('leaves out dismissed pairs of a deleted record', async () => {
      await ws.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: d.id });
      expect((await ws.ok(DISMISSED, { kind: 'COMPANY' })).dismissedDuplicatePairs.edges).toEqual([]);
    });
  });

  describe('contacts', () => {
    let ws: TestClient;
    let home: string;
    let elsewhere: string;
    const contact = async (input: Record<string, unknown>) =>
      (await ws.ok(CREATE_CONTACT, { input })).createContact.id as string;

    beforeAll(async () => {
      ws = await clientFor(api, await createWorkspaceWithAdmin());
      home = (await company(ws, { name: 'Maison Hôte' })).id;
      elsewhere = (await company(ws, { name: 'Ailleurs SARL' })).id;
    });

    it('finds pairs by e-mail, phone and same name in the same company, strongest first', async () => {
      const e1 = await contact({ companyId: home, firstName: 'Anne', lastName: 'Mail', email: 'anne@dupes.test' });
      const e2 = await contact({
        companyId: elsewhere,
        firstName: 'Annie',
        lastName: 'Autre',
        email: 'ANNE@dupes.test',
      });
      const p1 = await contact({ companyId: home, firstName: 'Paul', lastName: 'Tel', phoneMobile: '06 12 34 56 78' });
      const p2 = await contact({
        companyId: elsewhere,
        firstName: 'Pierre',
        lastName: 'Fil',
        phoneMobile: '+33612345678',
      });
      const n1 = await contact({ companyId: home, firstName: 'Éric', lastName: 'Léger' });
      const n2 = await contact({ companyId: home, firstName: 'eric', lastName: 'LEGER' });
      // The same name in another company is another person.
      const n3 = await contact({ companyId: elsewhere, firstName: 'Éric', lastName: 'Léger' });
      const nodes = await all(ws, 'CONTACT');
      const order = [
        [e1, e2],
        [p1, p2],
        [n1, n2],
      ].map(([a, b]) => nodes.indexOf(pairOf(nodes, a, b) as Node));
      expect(order).toEqual([0, 1, 2]);
      expect(nodes).toHaveLength(3);
      expect(nodes[0]).toMatchObject({
        kind: 'CONTACT',
        reasons: ['EMAIL'],
        first: { id: e1, name: 'Anne Mail', email: 'anne@dupes.test', companyName: 'Maison Hôte' },
      });
      expect(nodes[1].reasons).toEqual(['PHONE']);
      // The phone as shown everywhere else, however it was typed.
      expect([nodes[1].first.phoneNational, nodes[1].second.phoneNational]).toEqual([
        '06 12 34 56 78',
        '06 12 34 56 78',
      ]);
      expect(nodes[2].reasons).toEqual(['NAME_COMPANY']);
      expect(nodes.some((p) => [p.first.id, p.second.id].includes(n3))).toBe(false);

      // Dismissed, deleted and merged pairs go.
      await ws.ok(DISMISS, { kind: 'CONTACT', a: p1, b: p2 });
      await ws.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: n2 });
      await ws.ok('mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }', {
        k: e1,
        m: e2,
      });
      expect(await all(ws, 'CONTACT')).toEqual([]);
      // A company's id is not a contact's.
      expect(errorCode(await ws.gql(DISMISS, { kind: 'CONTACT', a: home, b: e1 }))).toBe('NOT_FOUND');
    });
  });
});
