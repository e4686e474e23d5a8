import type { AppDeps } from '../app-deps';
import { createWorkspaceWithAdmin } from '../modules/user/user.service';
import { seedDemoData, seedDemoLegalIdentity } from './demo-data';

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';

/**
 * The demo workspace `npm start` prepares. Its password comes from DEMO_ADMIN_PASSWORD
 * (default "demo-admin-1234"); it is printed, since this is for trying the product out.
 * A new demo workspace gets its agency's legal identity (printed on documents) and a few sample clients unless DEMO_SAMPLE_DATA is "false".
 */
export async function seedDemo(deps: AppDeps): Promise<string> {
  const password = process.env.DEMO_ADMIN_PASSWORD || 'demo-admin-1234';
  const existing: unknown[] = await deps.dataSource.query('SELECT 1 FROM auth_user_by_email($1)', [DEMO_ADMIN_EMAIL]);
  if (!existing.length) {
    const { workspace, admin } = await createWorkspaceWithAdmin(deps.dataSource, {
      name: 'Agence Démo',
      adminEmail: DEMO_ADMIN_EMAIL,
      adminPassword: password,
      adminName: 'Admin Démo',
    });
    await seedDemoLegalIdentity(deps, workspace.id, admin.id);
    const clients = process.env.DEMO_SAMPLE_DATA === 'false' ? 0 : await seedDemoData(deps, workspace.id, admin.id);
    const sample = clients ? ` (${clients} sample clients)` : '';
    return `Demo workspace created${sample}. Sign in with ${DEMO_ADMIN_EMAIL} / ${password}`;
  }
  return `Demo workspace ready. Sign in with ${DEMO_ADMIN_EMAIL} (password set at creation, default ${password}; reset it with npm run cli -- user:reset-password)`;
}
