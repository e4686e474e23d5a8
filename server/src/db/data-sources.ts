import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '../../../migrations';
import type { Config } from '../config/env';
import { entities } from './entities';

/**
 * The application's connection: the RLS-bound role. Never synchronize; the schema comes
 * only from migrations, run through the admin connection.
 */
export function createAppDataSource(cfg: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'>): DataSource {
  return new DataSource({
    type: 'postgres',
    url: cfg.DATABASE_URL,
    entities,
    synchronize: false,
    migrationsRun: false,
    extra: { max: cfg.DATABASE_POOL_SIZE, application_name: 'crm-app' },
  });
}

/** The owner's connection, for migrations and operator commands only. */
export function createAdminDataSource(cfg: Pick<Config, 'DATABASE_ADMIN_URL'>): DataSource {
  return new DataSource({
    type: 'postgres',
    url: cfg.DATABASE_ADMIN_URL,
    entities,
    migrations,
    synchronize: false,
    migrationsTransactionMode: 'each',
    extra: { max: 2, application_name: 'crm-admin' },
  });
}
