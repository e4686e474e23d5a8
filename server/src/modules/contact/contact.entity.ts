import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

/** A person at a client company. Phones are stored in E.164 with the input as typed beside them. */
@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'company_id' }) companyId: string;
  @Column('uuid', { name: 'civility_id', nullable: true }) civilityId: string | null;
  @Column({ type: 'text', name: 'first_name', nullable: true, collation: NAME_COLLATION }) firstName: string | null;
  @Column({ type: 'text', name: 'last_name', nullable: true, collation: NAME_COLLATION }) lastName: string | null;
  @Column('citext', { nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true, collation: NAME_COLLATION }) position: string | null;
  @Column('text', { name: 'phone_direct', nullable: true }) phoneDirect: string | null;
  @Column('text', { name: 'phone_direct_raw', nullable: true }) phoneDirectRaw: string | null;
  @Column('text', { name: 'phone_mobile', nullable: true }) phoneMobile: string | null;
  @Column('text', { name: 'phone_mobile_raw', nullable: true }) phoneMobileRaw: string | null;
  @Column('text', { name: 'phone_switchboard', nullable: true }) phoneSwitchboard: string | null;
  @Column('text', { name: 'phone_switchboard_raw', nullable: true }) phoneSwitchboardRaw: string | null;
  @Column('text', { nullable: true }) facebook: string | null;
  @Column('text', { nullable: true }) linkedin: string | null;
  @Column('text', { nullable: true }) twitter: string | null;
  @Column('text', { nullable: true }) instagram: string | null;
  @Column('uuid', { name: 'source_id', nullable: true }) sourceId: string | null;
  @Column('uuid', { name: 'potential_id', nullable: true }) potentialId: string | null;
  @Column('uuid', { name: 'situation_id', nullable: true }) situationId: string | null;
  @Column('uuid', { name: 'progress_state_id', nullable: true }) progressStateId: string | null;
  @Column('uuid', { name: 'salesperson_id', nullable: true }) salespersonId: string | null;
  @Column('boolean', { name: 'opt_in' }) optIn: boolean;
  @Column('timestamptz', { name: 'opt_in_at', nullable: true }) optInAt: Date | null;
  @Column('text', { name: 'opt_in_source', nullable: true }) optInSource: string | null;
  @Column('boolean') active: boolean;
  @Column('jsonb', { name: 'custom_fields' }) customFields: Record<string, unknown>;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { name: 'deleted_by', nullable: true }) deletedBy: string | null;
}

export const CONTACT_AUDITED_FIELDS = [
  'companyId',
  'civilityId',
  'firstName',
  'lastName',
  'email',
  'position',
  'phoneDirect',
  'phoneMobile',
  'phoneSwitchboard',
  'facebook',
  'linkedin',
  'twitter',
  'instagram',
  'sourceId',
  'potentialId',
  'situationId',
  'progressStateId',
  'salespersonId',
  'optIn',
  'active',
  'deletedAt',
  'customFields',
] as const;
