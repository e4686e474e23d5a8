import Redis from 'ioredis';
import { rm } from 'node:fs/promises';
import { Client } from 'pg';

/** Drops the run's database and Redis keys (KEEP_TEST_DB=1 keeps the database for a look). */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.DATABASE_ADMIN_URL;
  const prefix = process.env.QUEUE_PREFIX;
  if (adminUrl && !process.env.KEEP_TEST_DB) {
    const url = new URL(adminUrl);
    const db = url.pathname.slice(1);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    await client.end();
  }
  if (prefix?.startsWith('crmtest_')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
  if (process.env.STORAGE_DIR?.startsWith('/tmp/crm-test-storage-')) {
    await rm(process.env.STORAGE_DIR, { recursive: true, force: true });
  }
}
