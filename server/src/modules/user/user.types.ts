import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { UserRole, type UserEntity } from './user.entity';

registerEnumType(UserRole, { name: 'UserRole' });

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
  @Field() active: boolean;
  @Field() createdAt: Date;
  /** Resolved by a field resolver (the workspace row). */
  workspaceId: string;
}

export function toUserType(u: UserEntity): UserType {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    createdAt: u.createdAt,
    workspaceId: u.workspaceId,
  };
}
