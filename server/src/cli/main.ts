import 'reflect-metadata';
import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { AppError } from '../common/errors';
import { translate } from '../common/i18n';
import { openDeps } from '../bootstrap-deps';
import { config } from '../config/env';
import { runMigrations, setupDatabase } from '../db/bootstrap';
import { createAppDataSource } from '../db/data-sources';
import { emitSchemaSdl } from '../graphql/schema';
import { createWorkspaceWithAdmin, resetPassword } from '../modules/user/user.service';
import { seedDemo } from './demo';

/** Operator commands, non-interactive so scripts can run them: `npm run cli -- <command> …`. */
const program = new Command('crm').description('Operator commands of the CRM client module');

async function withAppDataSource<T>(fn: (ds: ReturnType<typeof createAppDataSource>) => Promise<T>): Promise<T> {
  const ds = createAppDataSource(config());
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

program
  .command('db:setup')
  .description('Create the database and the application role if missing, then run migrations')
  .action(async () => {
    const ran = await setupDatabase(config());
    console.log(ran.length ? `Migrations run: ${ran.join(', ')}` : 'Database up to date');
  });

program
  .command('db:migrate')
  .description('Run pending migrations')
  .action(async () => {
    const ran = await runMigrations(config());
    console.log(ran.length ? `Migrations run: ${ran.join(', ')}` : 'Database up to date');
  });

program
  .command('workspace:create')
  .description('Create a workspace with its first admin')
  .requiredOption('--name <name>', 'workspace name')
  .requiredOption('--admin-email <email>', "first admin's email (their login)")
  .requiredOption('--admin-password <password>', "first admin's password (10 characters or more)")
  .option('--admin-name <name>', "first admin's display name")
  .action(async (opts: { name: string; adminEmail: string; adminPassword: string; adminName?: string }) => {
    const { workspace, admin } = await withAppDataSource((ds) =>
      createWorkspaceWithAdmin(ds, {
        name: opts.name,
        adminEmail: opts.adminEmail,
        adminPassword: opts.adminPassword,
        adminName: opts.adminName,
      }),
    );
    console.log(JSON.stringify({ workspaceId: workspace.id, adminId: admin.id, adminEmail: admin.email }));
  });

program
  .command('user:reset-password')
  .description("Set a user's password and end their sessions")
  .requiredOption('--email <email>', "the user's email")
  .requiredOption('--password <password>', 'the new password (10 characters or more)')
  .action(async (opts: { email: string; password: string }) => {
    await withAppDataSource((ds) => resetPassword(ds, opts.email, opts.password));
    console.log(`Password reset for ${opts.email}`);
  });

program
  .command('demo:seed')
  .description('Create the demo workspace and its admin when missing, and print the login')
  .action(async () => {
    // The sample clients go through the services, which need the whole process's resources.
    const deps = await openDeps(config());
    try {
      console.log(await seedDemo(deps));
    } finally {
      await deps.close();
    }
  });

program
  .command('schema:emit')
  .description('Write the GraphQL schema the server emits to schema.graphql')
  .option('--out <file>', 'output file', 'schema.graphql')
  .action(async (opts: { out: string }) => {
    await writeFile(opts.out, await emitSchemaSdl());
    console.log(`Schema written to ${opts.out}`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AppError) {
    const details = err.fields.map((f) => `  ${f.path.join('.')}: ${translate('en', f.message, f.params)}`);
    console.error([translate('en', err.messageKey, err.params), ...details].join('\n'));
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
