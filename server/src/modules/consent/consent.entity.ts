import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ConsentMethod } from './consent.model';

/** One change of consent (opt-in given or withdrawn): when, by whom or by which source, how, with what proof. */
@Entity('consent_event')
export class ConsentEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text', { name: 'subject_type' }) subjectType: 'Company' | 'Contact';
  @Column('uuid', { name: 'subject_id' }) subjectId: string;
  @Column('boolean', { name: 'opt_in' }) optIn: boolean;
  @Column('text') source: string;
  @Column('text', { nullable: true }) method: ConsentMethod | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
