import type { EntityManager } from 'typeorm';
import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../../test/harness';
import { withTenant } from '../../db/tenant-scope';
import { planScans } from '../../../test/plans';
import { CONTACTS_BY_EMAIL_SQL } from './apply';

/** A statement's contact scans as the app role. */
const contactScans = (em: EntityManager, sql: string, params: unknown[]) => planScans(em, sql, params, ['contact']);

/**
 * Campaign reports and webhooks look contacts up by address: under row-level security a
 * citext comparison (not leakproof) can use no index and reads every contact of the
 * workspace, so the look-up must be served by contact_email_text_idx.
 */
describe('emailing contact look-up by e-mail', () => {
  const db = dataSourcesPerFile();

  it('uses the e-mail index as the app role and finds the contacts', async () => {
    const { workspaceId: ws, userId } = await createWorkspaceWithAdmin();
    await withTenant(db.app, ws, userId, async (em) => {
      const [company] = await em.query(
        `INSERT INTO company (workspace_id, name) VALUES ($1, 'Emailing') RETURNING id`,
        [ws],
      );
      await em.query(
        `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email)
         SELECT $1, $2, 'Prénom' || g, 'Nom' || g, 'mailing' || g || '@test.local' FROM generate_series(1, 50) g`,
        [ws, company.id],
      );
    });
    // Only the owner may analyze; plans then rest on statistics, as in production.
    await db.admin.query('ANALYZE contact');
    await withTenant(db.app, ws, userId, async (em) => {
      const found: { email: string }[] = await em.query(CONTACTS_BY_EMAIL_SQL, [
        ['mailing7@test.local', 'nobody@x.fr'],
      ]);
      expect(found.map((r) => r.email)).toEqual(['mailing7@test.local']);
      expect(await contactScans(em, CONTACTS_BY_EMAIL_SQL, [['mailing7@test.local']])).toEqual([
        expect.objectContaining({ index: 'contact_email_text_idx' }),
      ]);
    });
  });
});
