import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { InvitationMailStatus, type InvitationEntity } from './invitation.entity';
import { UserRole, UserStatus, type UserEntity, userStatus } from './user.entity';

registerEnumType(UserRole, { name: 'UserRole' });
registerEnumType(UserStatus, { name: 'UserStatus' });
registerEnumType(InvitationMailStatus, {
  name: 'InvitationMailStatus',
  description:
    'QUEUED, SENT, FAILED (see mailError), OUTBOX (no SMTP server: the mail is kept in the local outbox) or NOT_SENT (no SMTP server, before the outbox kept such mail).',
});

@ObjectType('Workspace')
export class WorkspaceType {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType('User')
export class UserType {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() name: string;
  @Field(() => UserRole) role: UserRole;
  @Field(() => UserStatus) status: UserStatus;
  @Field({ description: 'True when the user can sign in (status ACTIVE): only those are offered in pickers.' })
  active: boolean;
  /** Shown by a field resolver to admins and to the user themself. */
  lastLoginAt: Date | null;
  @Field() createdAt: Date;
  /** Resolved by a field resolver (the workspace row). */
  workspaceId: string;
}

export function toUserType(u: UserEntity): UserType {
  const status = userStatus(u);
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    status,
    active: status === UserStatus.ACTIVE,
    lastLoginAt: u.lastLoginAt ?? null,
    createdAt: u.createdAt,
    workspaceId: u.workspaceId,
  };
}

@ObjectType('UserInvitation', { description: 'The pending invitation of an invited user (admins only).' })
export class UserInvitationType {
  @Field(() => ID) id: string;
  @Field() expiresAt: Date;
  @Field() createdAt: Date;
  @Field(() => InvitationMailStatus) mailStatus: InvitationMailStatus;
  @Field(() => String, { nullable: true }) mailError: string | null;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
}

export const toInvitationType = (i: InvitationEntity): UserInvitationType => ({
  id: i.id,
  expiresAt: i.expiresAt,
  createdAt: i.createdAt,
  mailStatus: i.mailStatus,
  mailError: i.mailError,
  sentAt: i.sentAt,
});

@ObjectType('UserInvitationResult')
export class UserInvitationResult {
  @Field(() => UserType) user: UserType;
  @Field(() => UserInvitationType) invitation: UserInvitationType;
  @Field(() => String, {
    nullable: true,
    description:
      'The invitation link, given only when no SMTP server is configured (the email is not sent but kept in the local outbox): hand it over yourself.',
  })
  invitationLink: string | null;
}

@InputType()
export class InviteUserInput {
  @Field() email: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => UserRole) role: UserRole;
}

@InputType()
export class UpdateUserInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => UserRole, { nullable: true }) role?: UserRole | null;
}

@ObjectType('InvitationCheck', { description: 'What the invitation page shows of a link that can still be used.' })
export class InvitationCheckType {
  @Field() email: string;
  @Field(() => String, { nullable: true, description: 'The name the admin typed when inviting, if any.' })
  name: string | null;
}
