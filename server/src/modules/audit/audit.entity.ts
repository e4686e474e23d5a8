import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What one field was and became; values are stored as JSON as the service saw them. */
export type FieldChange = { from: unknown; to: unknown };

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('uuid', { name: 'entity_id' }) entityId: string;
  @Column('text') action: string;
  @Column('jsonb') changes: Record<string, FieldChange>;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId: string | null;
  @Column('uuid', { name: 'actor_api_key_id', nullable: true }) actorApiKeyId: string | null;
  @Column('text', { name: 'actor_label', nullable: true }) actorLabel: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
