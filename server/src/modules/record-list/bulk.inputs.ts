import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

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

@ObjectType({ description: 'The outcome of a bulk action: the records it changed (unchanged ones are skipped).' })
export class BulkResult {
  @Field(() => Int) count: number;
  @Field(() => [ID]) ids: string[];
}
