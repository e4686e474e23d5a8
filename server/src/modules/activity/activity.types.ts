import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import { ActivityKind, type ActivityEntity, type TaskPostponementEntity, TaskStatus } from './activity.entity';

@ObjectType('TaskPostponement')
export class TaskPostponementType {
  @Field(() => Date, { nullable: true }) previousDeadline: Date | null;
  @Field() newDeadline: Date;
  @Field() createdAt: Date;
  postponedBy: string | null;
}

export const toPostponement = (p: TaskPostponementEntity): TaskPostponementType => ({
  previousDeadline: p.previousDeadline,
  newDeadline: p.newDeadline,
  createdAt: p.createdAt,
  postponedBy: p.postponedBy,
});

@ObjectType('Activity', { description: 'Info, task, call, meeting or email on a company or a contact.' })
export class ActivityType {
  @Field(() => ID) id: string;
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field() occurredAt: Date;
  @Field(() => Date, { nullable: true }) deadline: Date | null;
  @Field(() => TaskStatus, { nullable: true }) taskStatus: TaskStatus | null;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;
  @Field({ description: 'A task past its deadline and not done.' }) overdue: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set while the activity is in the trash (it can be restored).' })
  deletedAt: Date | null;
  /** Who deleted it: the deletedBy field. */
  deletedById: string | null;
  companyId: string | null;
  contactId: string | null;
  categoryId: string | null;
  authorId: string | null;
  assigneeId: string | null;
  linkedActivityId: string | null;
}

export function toActivity(a: ActivityEntity, now = new Date()): ActivityType {
  return {
    ...a,
    deletedById: a.deletedBy,
    overdue: a.kind === ActivityKind.TASK && a.taskStatus === TaskStatus.TODO && !!a.deadline && a.deadline < now,
  };
}

export const ActivityConnection = ConnectionType('Activity', ActivityType);

@ObjectType('TaskCounts', { description: "The signed-in user's open tasks, for the side menu." })
export class TaskCountsType {
  @Field(() => Int) todo: number;
  @Field(() => Int) overdue: number;
  @Field(() => Int) dueToday: number;
}
