import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

export enum EventStatus {
  OPTION = 'OPTION',
  CONFIRMED = 'CONFIRMED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

/** An event organised for a client company; its contacts are in event_contact. */
@Entity('event')
export class EventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'company_id' }) companyId: string;
  @Column({ type: 'text', collation: NAME_COLLATION }) name: string;
  @Column('date', { name: 'start_date' }) startDate: string;
  @Column('date', { name: 'end_date', nullable: true }) endDate: string | null;
  @Column('text', { nullable: true }) venue: string | null;
  @Column('text') status: EventStatus;
  @Column('int', { name: 'guest_count', nullable: true }) guestCount: number | null;
  @Column('uuid', { name: 'salesperson_id', nullable: true }) salespersonId: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { name: 'deleted_by', nullable: true }) deletedBy: string | null;
}

export const EVENT_AUDITED_FIELDS = [
  'name',
  'startDate',
  'endDate',
  'venue',
  'status',
  'guestCount',
  'salespersonId',
  'companyId',
  'contactIds',
];
