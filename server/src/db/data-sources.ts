import 'reflect-metadata';
import type { EventEmitter } from 'node:events';
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

/**
 * Keeps connection errors from ending the process. When PostgreSQL ends a connection just
 * after opening it (a restart, pg_terminate_backend), its FATAL message can arrive in the same
 * read as its ReadyForQuery: the pg client emits 'error' before TypeORM has put its listener on
 * it, and an 'error' event nobody listens to ends the process (the API died so, in a test
 * cutting connections under load). A listener on every new client makes it a failed query.
 * Call after `initialize()`.
 */
export function handleClientErrors(ds: DataSource, onError: (err: Error) => void): void {
  const pool = (ds.driver as unknown as { master?: EventEmitter }).master;
  pool?.on('connect', (client: EventEmitter) => client.on('error', onError));
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
