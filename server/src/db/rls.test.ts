import type { DataSource } from 'typeorm';
import { createAppDataSource } from './data-sources';
import { TenantScope, withTenant } from './tenant-scope';
import { closeFactories, createWorkspaceWithAdmin, testConfig } from '../../test/harness';

/**
 * Row-level security is the last line between workspaces: these tests run SQL with no
 * WHERE at all, as a forgotten filter would, and must still see one workspace only.
 */
describe('row-level security', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = createAppDataSource(testConfig());
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await closeFactories();
  });

  it('connects as a role that RLS applies to', async () => {
    const [role] = await ds.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('an unfiltered SELECT inside a request of workspace A sees none of B rows', async () => {
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    // Give B rows in several tables.
    await withTenant(ds, b.workspaceId, b.userId, async (em) => {
      await em.query(`INSERT INTO job (workspace_id, kind) VALUES ($1, 'test.rls')`, [b.workspaceId]);
      await em.query(
        `INSERT INTO audit_log (workspace_id, entity_type, entity_id, action) VALUES ($1, 'X', $2, 'create')`,
        [b.workspaceId, b.userId],
      );
    });
    const scope = new TenantScope(ds, a.workspaceId, a.userId);
    const em = await scope.manager();
    const users: { workspace_id: string }[] = await em.query('SELECT * FROM app_user');
    const workspaces: { id: string }[] = await em.query('SELECT * FROM workspace');
    const jobs: unknown[] = await em.query('SELECT * FROM job');
    const audit: unknown[] = await em.query('SELECT * FROM audit_log');
    await scope.finish(true);
    expect(users.map((u) => u.workspace_id)).toEqual([a.workspaceId]);
    expect(workspaces.map((w) => w.id)).toEqual([a.workspaceId]);
    expect(jobs).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('sees nothing at all outside a workspace transaction', async () => {
    await createWorkspaceWithAdmin();
    expect(await ds.query('SELECT * FROM app_user')).toEqual([]);
    expect(await ds.query('SELECT * FROM workspace')).toEqual([]);
  });

  it('refuses to write a row into another workspace', async () => {
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    await expect(
      withTenant(ds, a.workspaceId, a.userId, (em) =>
        em.query(`INSERT INTO job (workspace_id, kind) VALUES ($1, 'test.rls')`, [b.workspaceId]),
      ),
    ).rejects.toThrow(/row-level security/);
    // Nor can an update move a row there.
    await expect(
      withTenant(ds, a.workspaceId, a.userId, (em) =>
        em.query('UPDATE app_user SET workspace_id = $1', [b.workspaceId]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('does not leak the workspace to the next user of a pooled connection', async () => {
    const a = await createWorkspaceWithAdmin();
    const single = createAppDataSource({ ...testConfig(), DATABASE_POOL_SIZE: 1 });
    await single.initialize();
    try {
      await withTenant(single, a.workspaceId, a.userId, (em) => em.query('SELECT 1'));
      // Same (only) connection, no workspace set: nothing visible.
      expect(await single.query('SELECT * FROM app_user')).toEqual([]);
    } finally {
      await single.destroy();
    }
  });

  it('covers every table that has a workspace_id with a forced policy', async () => {
    const rows: { table_name: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }[] =
      await ds.query(`
        SELECT c.table_name, k.relrowsecurity, k.relforcerowsecurity,
               (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.table_name) AS policies
        FROM information_schema.columns c
        JOIN pg_class k ON k.relname = c.table_name AND k.relkind IN ('r', 'p')
        WHERE c.table_schema = 'public' AND c.column_name = 'workspace_id'`);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) {
      expect({
        table: r.table_name,
        rls: r.relrowsecurity,
        forced: r.relforcerowsecurity,
        policy: r.policies > 0,
      }).toEqual({
        table: r.table_name,
        rls: true,
        forced: true,
        policy: true,
      });
    }
  });
});
