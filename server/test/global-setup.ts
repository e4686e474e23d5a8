import { randomBytes } from 'node:crypto';
import { setupDatabase } from '../src/db/bootstrap';

/**
 * One fresh database per test run, migrated once; every test file then isolates itself by
 * creating its own workspaces. Redis keys get a per-run prefix. The settings reach the
 * test workers through the environment.
 */
export default async function globalSetup(): Promise<void> {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const db = `crm_test_${run}`;
  const host = process.env.TEST_PG_HOST ?? '127.0.0.1:5432';
  process.env.NODE_ENV = 'test';
  process.env.DATABASE_ADMIN_URL = `postgres://postgres@${host}/${db}`;
  process.env.DATABASE_URL = `postgres://crm_app:crm_app@${host}/${db}`;
  process.env.QUEUE_PREFIX = `crmtest_${run}`;
  process.env.STORAGE_DIR = `/tmp/crm-test-storage-${run}`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.LOGIN_MAX_ATTEMPTS_PER_IP = '100000';
  // Test files share this database: a worker's reconciliation would take other files' jobs.
  // Tests of the reconciliation turn it back on for their own worker.
  process.env.JOB_RECONCILE = 'false';
  await setupDatabase({
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_ADMIN_URL: process.env.DATABASE_ADMIN_URL,
  });
}
