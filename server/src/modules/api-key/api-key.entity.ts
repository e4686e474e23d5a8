import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum ApiKeyScope {
  READ_ONLY = 'READ_ONLY',
  READ_WRITE = 'READ_WRITE',
}

@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') name: string;
  /** The first characters of the key, shown so people can tell keys apart. */
  @Column('text') prefix: string;
  @Column('text', { name: 'key_hash', select: false }) keyHash: string;
  @Column({ type: 'enum', enum: ApiKeyScope, enumName: 'api_key_scope' }) scope: ApiKeyScope;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
