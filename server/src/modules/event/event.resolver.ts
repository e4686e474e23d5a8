import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import { UserType, toUserType } from '../user/user.types';
import { CreateEventInput, EventFilter, EventOrder, UpdateEventInput } from './event.inputs';
import { createEvent, deleteEvent, getEvent, listEvents, restoreEvent, updateEvent } from './event.service';
import { EventConnection, EventType, toEvent } from './event.types';

@Resolver(() => EventType)
export class EventResolver {
  @Authorized()
  @Query(() => EventType, { description: 'An event; a deleted one (in the trash) with includeDeleted.' })
  async event(
    @Arg('id', () => ID) id: string,
    @Ctx() gctx: GqlContext,
    @Arg('includeDeleted', { defaultValue: false }) includeDeleted: boolean,
  ): Promise<EventType> {
    return toEvent(await getEvent(serviceCtx(gctx), id, { includeDeleted }));
  }

  @Authorized()
  @Query(() => EventConnection, {
    description:
      "Live events (newest first unless orderBy says otherwise). companyId: the company's events; contactId: the events the contact is linked to; deleted: the trash.",
  })
  async events(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => EventOrder, { nullable: true, defaultValue: EventOrder.NEWEST_FIRST }) orderBy?: EventOrder,
  ): Promise<EventConnection> {
    const page = await listEvents(serviceCtx(gctx), filter, first, after, orderBy ?? EventOrder.NEWEST_FIRST);
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toEvent(node) })) };
  }

  @Authorized()
  @Mutation(() => EventType, { description: 'New event, for an existing company or a client created inline.' })
  async createEvent(@Arg('input') input: CreateEventInput, @Ctx() gctx: GqlContext): Promise<EventType> {
    return toEvent(await createEvent(serviceCtx(gctx), input));
  }

  @Authorized()
  @Mutation(() => EventType)
  async updateEvent(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateEventInput,
    @Ctx() gctx: GqlContext,
    @Arg('expectedUpdatedAt', () => Date, {
      nullable: true,
      description:
        'The updatedAt the client loaded: the save is refused (CONFLICT, extensions.currentUpdatedAt) if the record changed since. Omitted: no check.',
    })
    expectedUpdatedAt?: Date | null,
  ): Promise<EventType> {
    return toEvent(await updateEvent(serviceCtx(gctx), id, input, { expectedUpdatedAt }));
  }

  @Authorized()
  @Mutation(() => EventType, {
    description:
      'Moves an event to the trash (restoreEvent brings it back). Refused (CONFLICT) when an issued invoice names it; its quotes and draft invoices keep it.',
  })
  async deleteEvent(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<EventType> {
    return toEvent(await deleteEvent(serviceCtx(gctx), id));
  }

  @Authorized()
  @Mutation(() => EventType, { description: 'Brings a deleted event back (its company must not be deleted).' })
  async restoreEvent(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<EventType> {
    return toEvent(await restoreEvent(serviceCtx(gctx), id));
  }

  @FieldResolver(() => Int, { description: 'How many contacts the event is linked to.' })
  async contactCount(@Root() e: EventType, @Ctx() gctx: GqlContext): Promise<number> {
    return gctx.loaders.contactCountByEvent.load(e.id);
  }

  @FieldResolver(() => UserType, { nullable: true, description: 'Who deleted the event (while it is deleted).' })
  async deletedBy(@Root() e: EventType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    const user = e.deletedById ? await gctx.loaders.user.load(e.deletedById) : null;
    return user ? toUserType(user) : null;
  }

  @FieldResolver(() => CompanyType)
  async company(@Root() e: EventType, @Ctx() gctx: GqlContext): Promise<CompanyType> {
    const company = await gctx.loaders.company.load(e.companyId);
    if (!company) throw new Error(`event ${e.id} has no company`);
    return toCompany(company);
  }

  @FieldResolver(() => [ContactType])
  async contacts(@Root() e: EventType, @Ctx() gctx: GqlContext): Promise<ContactType[]> {
    return (await gctx.loaders.contactsByEvent.load(e.id)).map(toContact);
  }

  @FieldResolver(() => UserType, { nullable: true })
  async salesperson(@Root() e: EventType, @Ctx() gctx: GqlContext): Promise<UserType | null> {
    if (!e.salespersonId) return null;
    const user = await gctx.loaders.user.load(e.salespersonId);
    return user ? toUserType(user) : null;
  }
}

/** The "events" count of the company list and page. */
@Resolver(() => CompanyType)
export class CompanyEventsResolver {
  @FieldResolver(() => Int, { description: 'Events of the company.' })
  async eventCount(@Root() c: CompanyType, @Ctx() gctx: GqlContext): Promise<number> {
    return gctx.loaders.eventCountByCompany.load(c.id);
  }
}

/** The "events" count of the contact list and page. */
@Resolver(() => ContactType)
export class ContactEventsResolver {
  @FieldResolver(() => Int, { description: 'Events the contact is linked to.' })
  async eventCount(@Root() c: ContactType, @Ctx() gctx: GqlContext): Promise<number> {
    return gctx.loaders.eventCountByContact.load(c.id);
  }
}
