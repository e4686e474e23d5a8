import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ActivityKind {
  INFO = 'INFO',
  TASK = 'TASK',
  CALL = 'CALL',
  MEETING = 'MEETING',
  EMAIL = 'EMAIL',
}

export enum TaskStatus {
  TODO = 'TODO',
  DONE = 'DONE',
}

/** An activity on exactly one company or contact (table from migration 1764417600000; trash: 1767600000000). */
@Entity('activity')
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') kind: ActivityKind;
  @Column('uuid', { name: 'company_id', nullable: true }) companyId: string | null;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('uuid', { name: 'category_id', nullable: true }) categoryId: string | null;
  @Column('text', { nullable: true }) comment: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('uuid', { name: 'author_id', nullable: true }) authorId: string | null;
  @Column('uuid', { name: 'assignee_id', nullable: true }) assigneeId: string | null;
  @Column('timestamptz', { nullable: true }) deadline: Date | null;
  @Column('text', { name: 'task_status', nullable: true }) taskStatus: TaskStatus | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column('uuid', { name: 'linked_activity_id', nullable: true }) linkedActivityId: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** Set while the activity is in the trash (restoreActivity brings it back). */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { name: 'deleted_by', nullable: true }) deletedBy: string | null;
}

/** One postponement of a task: the deadline it had and the one it got. */
@Entity('task_postponement')
export class TaskPostponementEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'activity_id' }) activityId: string;
  @Column('timestamptz', { name: 'previous_deadline', nullable: true }) previousDeadline: Date | null;
  @Column('timestamptz', { name: 'new_deadline' }) newDeadline: Date;
  @Column('uuid', { name: 'postponed_by', nullable: true }) postponedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export const ACTIVITY_AUDITED_FIELDS = [
  'kind',
  'companyId',
  'contactId',
  'categoryId',
  'comment',
  'occurredAt',
  'authorId',
  'assigneeId',
  'deadline',
  'taskStatus',
];
