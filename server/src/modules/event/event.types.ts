import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import { EventStatus, type EventEntity } from './event.entity';

@ObjectType('Event', { description: 'An event organised for a client company.' })
export class EventType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'YYYY-MM-DD' }) startDate: string;
  @Field(() => String, { nullable: true }) endDate: string | null;
  @Field(() => String, { nullable: true }) venue: string | null;
  @Field(() => EventStatus) status: EventStatus;
  @Field(() => Int, { nullable: true }) guestCount: number | null;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => Date, { nullable: true, description: 'Set when the event is deleted (it can be restored).' })
  deletedAt: Date | null;
  companyId: string;
  salespersonId: string | null;
  deletedById: string | null;
}

export const toEvent = (e: EventEntity): EventType => ({
  id: e.id,
  name: e.name,
  startDate: e.startDate,
  endDate: e.endDate,
  venue: e.venue,
  status: e.status,
  guestCount: e.guestCount,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
  companyId: e.companyId,
  salespersonId: e.salespersonId,
  deletedAt: e.deletedAt,
  deletedById: e.deletedBy,
});

export const EventConnection = ConnectionType('Event', EventType);
export type EventConnection = InstanceType<typeof EventConnection>;
