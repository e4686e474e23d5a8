import type { DataSource } from 'typeorm';
import { apiAdminPerFile, testConfig } from '../../../test/harness';
import { createAdminDataSource } from '../../db/data-sources';

/**
 * Company operations and a contact erased under the GDPR (read-only): deleting a company while
 * moving its contacts elsewhere leaves the erased one untouched (it goes to the trash with the
 * company, its company and event links kept); merging companies only re-points its company link,
 * and the result says which erased contacts came along.
 */
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId } }`;
const DELETE_COMPANY = `mutation($id: ID!, $to: ID) { deleteCompany(id: $id, contacts: MOVE, moveToCompanyId: $to) { id } }`;
const MERGE = `mutation($keep: ID!, $merge: ID!) { mergeCompanies(keepId: $keep, mergeId: $merge) {
  keptId erasedContactIds relations { table moved } } }`;
const TRAIL = `query($type: String!, $id: ID!) { auditTrail(entityType: $type, entityId: $id) {
  edges { node { action changes } } } }`;

const uniq = () => Math.random().toString(36).slice(2, 8);

describe('GDPR: company deletion and merge leave an erased contact alone', () => {
  const file = apiAdminPerFile();
  let owner: DataSource;

  beforeAll(async () => {
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
  });

  async function company(name: string): Promise<string> {
    const mainContact = {
      firstName: 'Chef',
      lastName: name,
      email: `chef.${uniq()}@societe.example`,
      phoneDirect: '01 42 68 53 00',
    };
    return (await file.admin.ok(CREATE_COMPANY, { input: { name: `${name} ${uniq()}`, mainContact } })).createCompany
      .id;
  }

  async function contact(companyId: string, lastName: string): Promise<string> {
    return (
      await file.admin.ok(CREATE_CONTACT, {
        input: { companyId, firstName: 'Zoé', lastName, email: `${lastName.toLowerCase()}.${uniq()}@perso.example` },
      })
    ).createContact.id;
  }

  /** A company with an erased contact and a live one, both invited to one of its events. */
  async function companyWithErasedContact(name: string) {
    const companyId = await company(name);
    const erasedId = await contact(companyId, 'Effacee');
    const liveId = await contact(companyId, 'Vivante');
    const eventId = (
      await file.admin.ok(CREATE_EVENT, {
        input: { companyId, name: `Soirée ${uniq()}`, startDate: '2031-03-01', contactIds: [erasedId, liveId] },
      })
    ).createEvent.id;
    await file.admin.ok(ERASE, { id: erasedId, pw: file.ws.password });
    return { companyId, erasedId, liveId, eventId };
  }

  /** The erased row as stored, without what an operation may legitimately set. */
  const row = async (id: string, ...except: string[]) =>
    (
      await owner.query(
        `SELECT to_jsonb(c) - 'search_doc' - 'norm_name' - $2::text[] AS r FROM contact c WHERE id = $1`,
        [id, except],
      )
    )[0].r;
  const invitations = async (contactId: string) =>
    (
      await owner.query(`SELECT event_id, company_id FROM event_contact WHERE contact_id = $1 ORDER BY event_id`, [
        contactId,
      ])
    ).map((r: { event_id: string; company_id: string }) => [r.event_id, r.company_id]);

  it('deleting a company and moving its contacts: the erased one is not moved but goes to the trash with it, untouched', async () => {
    const f = await companyWithErasedContact('Supprimée');
    const targetId = await company('Repreneuse');
    const before = await row(f.erasedId, 'deleted_at', 'deleted_by', 'updated_at');

    await file.admin.ok(DELETE_COMPANY, { id: f.companyId, to: targetId });

    // The live contact moved and left the deleted company's event, as before.
    expect((await row(f.liveId)).company_id).toBe(targetId);
    expect(await invitations(f.liveId)).toEqual([]);
    // The erased one: same company, same invitation, every field as it was; only in the trash now.
    expect(await row(f.erasedId, 'deleted_at', 'deleted_by', 'updated_at')).toEqual(before);
    expect((await row(f.erasedId)).deleted_at).not.toBeNull();
    expect(await invitations(f.erasedId)).toEqual([[f.eventId, f.companyId]]);
    // The company's deletion says so.
    const deletion = (await file.admin.ok(TRAIL, { type: 'Company', id: f.companyId })).auditTrail.edges.find(
      (e: { node: { action: string } }) => e.node.action === 'delete',
    ).node;
    expect(deletion.changes).toMatchObject({ erasedContactsDeletedWithCompany: { to: 1 } });
  });

  it('merging companies: the erased contact follows to the kept company with its invitation, nothing else changes, and the result names it', async () => {
    const f = await companyWithErasedContact('Doublon');
    const keptId = await company('Conservée');
    // The move is a write to the record: its version (updated_at) moves with it, as any write's.
    const before = await row(f.erasedId, 'company_id', 'updated_at');

    const merged = (await file.admin.ok(MERGE, { keep: keptId, merge: f.companyId })).mergeCompanies;

    expect(merged.erasedContactIds).toEqual([f.erasedId]);
    expect(await row(f.erasedId, 'company_id', 'updated_at')).toEqual(before);
    expect((await row(f.erasedId)).company_id).toBe(keptId);
    // Its event moved with the merge; the invitation follows it.
    expect(await invitations(f.erasedId)).toEqual([[f.eventId, keptId]]);
    const entry = (await file.admin.ok(TRAIL, { type: 'Company', id: keptId })).auditTrail.edges.find(
      (e: { node: { action: string } }) => e.node.action === 'merge',
    ).node;
    expect(entry.changes).toMatchObject({ erasedContactIds: { to: [f.erasedId] } });
  });
});
