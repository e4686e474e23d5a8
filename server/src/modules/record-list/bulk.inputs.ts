import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ListFilterInput } from './record-list.inputs';

/**
 * What a bulk edit of contacts may set. As on a single edit, an absent field is left as it
 * is and null clears it (the salesperson and the settings values can be cleared).
 */
@InputType()
export class BulkContactPatch {
  @Field(() => ID, { nullable: true }) salespersonId?: string | null;
  @Field(() => ID, { nullable: true }) progressStateId?: string | null;
  @Field(() => ID, { nullable: true }) situationId?: string | null;
  @Field(() => ID, { nullable: true }) sourceId?: string | null;
  @Field(() => ID, { nullable: true }) potentialId?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

/** What a bulk edit of companies may set. */
@InputType()
export class BulkCompanyPatch {
  @Field(() => ID, { nullable: true }) companyTypeId?: string | null;
  @Field(() => Boolean, { nullable: true }) active?: boolean | null;
}

/**
 * "Every result of the list": the records the list query shows for this filter (same input,
 * same rules: live, active unless the filter names `active`), on every page.
 */
@InputType({ description: "Every record the list shows for a filter (the list query's `filter`), not only one page." })
export class BulkMatching {
  @Field(() => ListFilterInput, { nullable: true, description: "The list's filter; null: the whole list." })
  filter?: ListFilterInput | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The number of records the user confirmed: the action is refused (BAD_USER_INPUT on ' +
      '["matching", "expectedCount"]) when the filter now matches another number.',
  })
  expectedCount?: number | null;
}

@ObjectType({ description: 'The outcome of a bulk action: the records it changed (unchanged ones are skipped).' })
export class BulkResult {
  @Field(() => Int) count: number;
  @Field(() => [ID]) ids: string[];
}
