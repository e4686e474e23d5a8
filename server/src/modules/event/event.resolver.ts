import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../graphql/context';
import { serviceCtx } from '../../graphql/context';
import { CompanyType, ContactType, toCompany, toContact } from '../company/company.types';
import { UserType, toUserType } from '../user/user.types';
import { CreateEventInput, EventFilter, UpdateEventInput } from './event.inputs';
import { createEvent, getEvent, listEvents, updateEvent } from './event.service';
import { EventConnection, EventType, toEvent } from './event.types';

@Resolver(() => EventType)
export class EventResolver {
  @Authorized()
  @Query(() => EventType)
  async event(@Arg('id', () => ID) id: string, @Ctx() gctx: GqlContext): Promise<EventType> {
    return toEvent(await getEvent(serviceCtx(gctx), id));
  }

  @Authorized()
  @Query(() => EventConnection, {
    description:
      "Events, newest first. companyId: the company's events; contactId: the events the contact is linked to.",
  })
  async events(
    @Ctx() gctx: GqlContext,
    @Arg('filter', () => EventFilter, { nullable: true }) filter?: EventFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<EventConnection> {
    const page = await listEvents(serviceCtx(gctx), filter, first, after);
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
  ): Promise<EventType> {
    return toEvent(await updateEvent(serviceCtx(gctx), id, input));
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
