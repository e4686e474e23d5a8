import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ActivityKind, TaskStatus } from './activity.entity';

registerEnumType(ActivityKind, { name: 'ActivityKind' });
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export enum TaskDue {
  OVERDUE = 'OVERDUE',
  TODAY = 'TODAY',
  UPCOMING = 'UPCOMING',
}
registerEnumType(TaskDue, {
  name: 'TaskDue',
  description: 'OVERDUE: deadline passed and not done; TODAY: due today (Paris time); UPCOMING: due after today.',
});

@InputType({
  description: 'The task of an info: created with it (createActivity) or later (linkTaskToActivity).',
})
export class LinkedTaskInput {
  @Field(() => ID, { nullable: true, description: 'Defaults to the user creating it.' }) assigneeId?: string | null;
  @Field() deadline: Date;
  @Field(() => String, { nullable: true, description: "Defaults to the info's comment." }) comment?: string | null;
  @Field(() => ID, { nullable: true, description: "Defaults to the info's category." }) categoryId?: string | null;
}

@ArgsType()
export class LinkTaskArgs {
  @Field(() => ID, { description: 'An info that has no linked task.' }) activityId: string;
  @Field(() => LinkedTaskInput) task: LinkedTaskInput;
}

@InputType()
export class CreateActivityInput {
  @Field(() => ActivityKind) kind: ActivityKind;
  @Field(() => ID, { nullable: true }) companyId?: string | null;
  @Field(() => ID, { nullable: true }) contactId?: string | null;
  // Nullable in the schema so that a form left without a category gets the field's "required"
  // message (BAD_USER_INPUT on input.categoryId) rather than a variable coercion error.
  @Field(() => ID, { nullable: true, description: 'Required: every activity has a category.' })
  categoryId?: string | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field({ nullable: true, description: 'Defaults to now.' }) occurredAt?: Date;
  @Field(() => ID, { nullable: true, description: 'Defaults to the user creating it.' }) authorId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Task only; defaults to the user creating it.' })
  assigneeId?: string | null;
  @Field({ nullable: true, description: 'Task only, required for a task.' }) deadline?: Date;
  @Field(() => LinkedTaskInput, { nullable: true, description: 'Info only: also create this task, linked.' })
  linkedTask?: LinkedTaskInput | null;
}

@InputType({ description: 'What the "view" popup edits: date, comment, category, author, task status.' })
export class UpdateActivityInput {
  @Field({ nullable: true }) occurredAt?: Date;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field(() => ID, { nullable: true }) categoryId?: string;
  @Field(() => ID, { nullable: true }) authorId?: string;
  @Field(() => ID, { nullable: true, description: 'Task only.' }) assigneeId?: string;
  @Field(() => TaskStatus, { nullable: true, description: 'Task only.' }) taskStatus?: TaskStatus;
}

@InputType()
export class ActivityFilter {
  @Field(() => [ActivityKind], { nullable: true }) kinds?: ActivityKind[] | null;
  @Field(() => [ID], { nullable: true }) categoryIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) authorIds?: string[] | null;
  @Field({ nullable: true, description: 'Occurred at or after.' }) from?: Date;
  @Field({ nullable: true, description: 'Occurred before.' }) to?: Date;
}
