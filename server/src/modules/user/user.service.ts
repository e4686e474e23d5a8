import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, notFound } from '../../common/errors';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { checkId } from '../../common/ids';
import { withTenant } from '../../db/tenant-scope';
import { seedDefaultSettings } from '../settings/default-settings';
import { seedDefaultPipeline } from '../pipeline/default-pipeline';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { UserEntity, UserRole } from './user.entity';
import { MIN_PASSWORD_LENGTH, hashPassword } from './password';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewWorkspace {
  name: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
}

function checkNewUser(errors: FieldErrors, prefix: string[], email: string, password: string): void {
  if (!EMAIL.test(email.trim())) errors.add([...prefix, 'email'], 'field.email');
  if (password.length < MIN_PASSWORD_LENGTH)
    errors.add([...prefix, 'password'], 'field.tooShort', { min: MIN_PASSWORD_LENGTH });
}

/**
 * Creates a workspace and its first admin. Runs as the application role under RLS: the
 * new workspace's id is chosen first and set as the transaction's workspace.
 */
export async function createWorkspaceWithAdmin(
  ds: DataSource,
  input: NewWorkspace,
): Promise<{ workspace: WorkspaceEntity; admin: UserEntity }> {
  const errors = new FieldErrors();
  if (!input.name.trim()) errors.add(['name'], 'field.required');
  checkNewUser(errors, ['admin'], input.adminEmail, input.adminPassword);
  errors.throwIfAny();
  const passwordHash = await hashPassword(input.adminPassword);
  const workspaceId = randomUUID();
  try {
    return await withTenant(ds, workspaceId, null, async (manager) => {
      const workspace = await manager.save(WorkspaceEntity, { id: workspaceId, name: input.name.trim() });
      await seedDefaultSettings(manager, workspaceId);
      await seedDefaultPipeline(manager, workspaceId);
      const admin = await manager.save(UserEntity, {
        workspaceId,
        email: input.adminEmail.trim().toLowerCase(),
        name: input.adminName?.trim() || input.adminEmail.trim().split('@')[0],
        role: UserRole.ADMIN,
        passwordHash,
        active: true,
      });
      return { workspace, admin };
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      const dup = new FieldErrors();
      dup.add(['admin', 'email'], 'field.emailTaken');
      dup.throwIfAny();
    }
    throw err;
  }
}

/** Operator command: sets a new password for the user with this email, in whichever workspace. */
export async function resetPassword(ds: DataSource, email: string, password: string): Promise<void> {
  const errors = new FieldErrors();
  if (password.length < MIN_PASSWORD_LENGTH) errors.add(['password'], 'field.tooShort', { min: MIN_PASSWORD_LENGTH });
  errors.throwIfAny();
  const rows: { user_id: string; workspace_id: string }[] = await ds.query('SELECT * FROM auth_user_by_email($1)', [
    email.trim(),
  ]);
  if (!rows[0]) throw notFound('User');
  const passwordHash = await hashPassword(password);
  await withTenant(ds, rows[0].workspace_id, null, async (manager) => {
    await manager.update(UserEntity, { id: rows[0].user_id }, { passwordHash });
    // A reset password ends every open session of that user.
    await manager.query('DELETE FROM session WHERE user_id = $1', [rows[0].user_id]);
  });
}

export async function getUser(ctx: Ctx, id: string): Promise<UserEntity> {
  const user = await (await em(ctx)).findOneBy(UserEntity, { id: checkId(id, 'User') });
  if (!user) throw notFound('User');
  return user;
}

export async function listUsers(ctx: Ctx): Promise<UserEntity[]> {
  return (await em(ctx)).find(UserEntity, { order: { name: 'ASC', id: 'ASC' } });
}
