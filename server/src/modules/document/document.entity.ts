import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A file attached to a company or a contact; its bytes live in the blob storage under storageKey. */
@Entity('document')
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'company_id', nullable: true }) companyId: string | null;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('text') name: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  // bigint comes back from pg as a string.
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column('text') sha256: string;
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @Column('uuid', { name: 'uploaded_by', nullable: true }) uploadedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Set while the document is in the trash (its file stays in storage; restoreDocument brings it back). */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { name: 'deleted_by', nullable: true }) deletedBy: string | null;
}
