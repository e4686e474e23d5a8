import type { DataSource } from 'typeorm';
import { createWorkspaceWithAdmin } from '../modules/user/user.service';

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';

/**
 * The demo workspace `npm start` prepares. Its password comes from DEMO_ADMIN_PASSWORD
 * (default "demo-admin-1234"); it is printed, since this is for trying the product out.
 */
export async function seedDemo(ds: DataSource): Promise<string> {
  const password = process.env.DEMO_ADMIN_PASSWORD || 'demo-admin-1234';
  const existing: unknown[] = await ds.query('SELECT 1 FROM auth_user_by_email($1)', [DEMO_ADMIN_EMAIL]);
  if (!existing.length) {
    await createWorkspaceWithAdmin(ds, {
      name: 'Agence Démo',
      adminEmail: DEMO_ADMIN_EMAIL,
      adminPassword: password,
      adminName: 'Admin Démo',
    });
    return `Demo workspace created. Sign in with ${DEMO_ADMIN_EMAIL} / ${password}`;
  }
  return `Demo workspace ready. Sign in with ${DEMO_ADMIN_EMAIL} (password set at creation, default ${password}; reset it with npm run cli -- user:reset-password)`;
}
