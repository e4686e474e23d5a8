import { Client } from 'pg';
import type { Config } from '../config/env';
import { createAdminDataSource } from './data-sources';

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Creates the database named in DATABASE_ADMIN_URL when it does not exist yet. */
export async function ensureDatabase(adminUrl: string): Promise<boolean> {
  const name = databaseName(adminUrl);
  const client = new Client({ connectionString: withDatabase(adminUrl, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${ident(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Creates (or updates the password of) the application's login role from DATABASE_URL:
 * no superuser, no BYPASSRLS, member of crm_app_rls which holds the table grants.
 */
export async function ensureAppRole(cfg: Pick<Config, 'DATABASE_URL' | 'DATABASE_ADMIN_URL'>): Promise<void> {
  const app = new URL(cfg.DATABASE_URL);
  const user = decodeURIComponent(app.username);
  const password = decodeURIComponent(app.password);
  const admin = new URL(cfg.DATABASE_ADMIN_URL);
  if (!user || user === decodeURIComponent(admin.username)) {
    throw new Error('DATABASE_URL must name its own role (not the admin one): row-level security would not apply');
  }
  const client = new Client({ connectionString: cfg.DATABASE_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_app_rls') THEN
        CREATE ROLE crm_app_rls NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    END $$`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    const pw = password ? `PASSWORD ${literal(password)}` : '';
    // Roles are cluster-wide: parallel test runs may race to create the same one.
    try {
      await client.query(
        `${rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(user)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE ${pw}`,
      );
    } catch (err) {
      if ((err as { code?: string }).code !== '42710') throw err;
    }
    await client.query(`GRANT crm_app_rls TO ${ident(user)}`);
    await client.query(`GRANT CONNECT ON DATABASE ${ident(databaseName(cfg.DATABASE_ADMIN_URL))} TO ${ident(user)}`);
  } finally {
    await client.end();
  }
}

export async function runMigrations(cfg: Pick<Config, 'DATABASE_ADMIN_URL'>): Promise<string[]> {
  const ds = createAdminDataSource(cfg);
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Everything a fresh machine needs before the API starts: database, role, schema. */
export async function setupDatabase(cfg: Pick<Config, 'DATABASE_URL' | 'DATABASE_ADMIN_URL'>): Promise<string[]> {
  await ensureDatabase(cfg.DATABASE_ADMIN_URL);
  await ensureAppRole(cfg);
  return runMigrations(cfg);
}

/** Refuses to run the API as a role that row-level security would not restrict. */
export async function assertRlsApplies(query: (sql: string) => Promise<unknown>): Promise<void> {
  const rows = (await query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user')) as {
    rolsuper: boolean;
    rolbypassrls: boolean;
  }[];
  if (!rows[0] || rows[0].rolsuper || rows[0].rolbypassrls) {
    throw new Error('DATABASE_URL connects as a superuser or a BYPASSRLS role: refusing to start');
  }
}
