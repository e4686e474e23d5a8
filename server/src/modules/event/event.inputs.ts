import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ContactFieldsInput, CreateCompanyInput } from '../company/company.inputs';
import { EventStatus } from './event.entity';

registerEnumType(EventStatus, { name: 'EventStatus', description: 'Option, confirmed, done or cancelled.' });

export enum EventOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  UPCOMING_FIRST = 'UPCOMING_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  CLIENT_ASC = 'CLIENT_ASC',
  CLIENT_DESC = 'CLIENT_DESC',
  STATUS_ASC = 'STATUS_ASC',
  STATUS_DESC = 'STATUS_DESC',
}
registerEnumType(EventOrder, {
  name: 'EventOrder',
  description:
    'NEWEST_FIRST: by start date, latest first. UPCOMING_FIRST: events starting today or later, soonest first, then past ones, latest first. ' +
    'OLDEST_FIRST: by start date, earliest first. NAME_*, CLIENT_* (the company name), STATUS_* (option, confirmed, done, cancelled): ' +
    'then by start date and id, all in the same direction.',
});

/** Event fields; on updates an absent field is left as it is, null clears it. */
@InputType()
export class EventFieldsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) startDate?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, on or after the start date.' })
  endDate?: string | null;
  @Field(() => String, { nullable: true }) venue?: string | null;
  @Field(() => EventStatus, { nullable: true, description: 'Defaults to OPTION.' }) status?: EventStatus | null;
  @Field(() => Int, { nullable: true }) guestCount?: number | null;
  @Field(() => ID, { nullable: true, description: 'Defaults to the user who creates the event.' })
  salespersonId?: string | null;
  @Field(() => [ID], { nullable: true, description: "Contacts of the event's company." })
  contactIds?: string[] | null;
}

@InputType()
export class CreateEventInput extends EventFieldsInput {
  @Field(() => ID, { nullable: true, description: 'An existing active company; or give newClient.' })
  companyId?: string | null;
  @Field(() => CreateCompanyInput, {
    nullable: true,
    description: 'A client (company and main contact) created in the same step; the main contact is linked.',
  })
  newClient?: CreateCompanyInput | null;
  @Field(() => ContactFieldsInput, {
    nullable: true,
    description:
      'A new contact of the existing company (companyId), created in the same step with the rules of createContact and linked to the event.',
  })
  newContact?: ContactFieldsInput | null;
}

@InputType()
export class UpdateEventInput extends EventFieldsInput {
  @Field(() => ID, { nullable: true, description: 'Moves the event to another company (its contacts must follow).' })
  companyId?: string | null;
}

@InputType()
export class EventFilter {
  @Field(() => ID, { nullable: true }) companyId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Events this contact is linked to.' }) contactId?: string | null;
  @Field(() => [EventStatus], { nullable: true }) status?: EventStatus[] | null;
  @Field(() => String, { nullable: true, description: 'Starting on or after (YYYY-MM-DD).' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'Starting on or before (YYYY-MM-DD).' }) to?: string | null;
  @Field(() => String, { nullable: true, description: 'Text in the name or the venue.' }) query?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'The trash: deleted events instead of live ones, newest deletion first (needs write access).',
  })
  deleted?: boolean | null;
}
