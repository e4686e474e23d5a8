import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RecordListName {
  COMPANIES = 'COMPANIES',
  CONTACTS = 'CONTACTS',
}
registerEnumType(RecordListName, { name: 'RecordList', description: 'The two client lists.' });

export enum FilterOp {
  CONTAINS = 'CONTAINS',
  NOT_CONTAINS = 'NOT_CONTAINS',
  STARTS_WITH = 'STARTS_WITH',
  EQUALS = 'EQUALS',
  NOT_EQUALS = 'NOT_EQUALS',
  EMPTY = 'EMPTY',
  NOT_EMPTY = 'NOT_EMPTY',
  IN = 'IN',
  NOT_IN = 'NOT_IN',
  BETWEEN = 'BETWEEN',
  IS_TRUE = 'IS_TRUE',
  IS_FALSE = 'IS_FALSE',
}
registerEnumType(FilterOp, {
  name: 'FilterOp',
  description:
    'Text: CONTAINS, NOT_CONTAINS, STARTS_WITH, EQUALS, NOT_EQUALS (case-insensitive). Choice, user and company ' +
    'columns: IN, NOT_IN (ids), or the text operators on their label. Numbers and dates: BETWEEN (from/to, ' +
    'inclusive, either may be missing), EQUALS. Booleans: IS_TRUE, IS_FALSE. Every column: EMPTY, NOT_EMPTY.',
});

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType('ListFilter', {
  description:
    'A filter tree: either `and`, or `or` (sub-filters), or one condition (`column` + `op` + value). ' +
    'Inactive records are hidden unless the filter names the `active` column.',
})
export class ListFilterInput {
  @Field(() => [ListFilterInput], { nullable: true }) and?: ListFilterInput[] | null;
  @Field(() => [ListFilterInput], { nullable: true }) or?: ListFilterInput[] | null;
  @Field(() => String, {
    nullable: true,
    description:
      'A column key of the list (see `listColumns`), or `search`: the quick search (op CONTAINS; every word of ' +
      "the value in the record's name, city, postal code, SIRET, VAT number, or for a contact its names, e-mail, " +
      "position, phones and its company's; no case, no accents).",
  })
  column?: string | null;
  @Field(() => FilterOp, { nullable: true }) op?: FilterOp | null;
  @Field(() => String, { nullable: true }) value?: string | null;
  @Field(() => [String], { nullable: true, description: 'For IN / NOT_IN.' }) values?: string[] | null;
  @Field(() => String, { nullable: true, description: 'For BETWEEN: a number or an ISO date.' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'For BETWEEN: a number or an ISO date.' }) to?: string | null;
}

@InputType('ListSort')
export class ListSortInput {
  @Field() column: string;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction: SortDirection;
}

@ObjectType('ListSortSpec')
export class ListSortType {
  @Field() column: string;
  @Field(() => SortDirection) direction: SortDirection;
}

@ObjectType('ListGroup', { description: 'One value of the grouping column, with how many records have it.' })
export class ListGroupType {
  @Field(() => String, { nullable: true, description: 'The value (an id for choice, user and company columns).' })
  key: string | null;
  @Field(() => String, { nullable: true, description: 'What to show: the value or its label.' })
  label: string | null;
  @Field(() => Int) count: number;
}

@ObjectType('ListColumn', { description: 'A column of a list and what it supports.' })
export class ListColumnType {
  @Field() key: string;
  @Field({ description: 'text, phone, number, date, boolean, choice, multiChoice, user or company' }) kind: string;
  @Field() groupable: boolean;
  @Field(() => String, { nullable: true, description: 'The settings list of choice columns.' })
  settingList: string | null;
}
