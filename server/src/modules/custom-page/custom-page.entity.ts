import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RecordKind } from '../custom-field/custom-field.model';
import type { PageBlock } from './page-blocks';
import { NAME_COLLATION } from '../../db/collation';

/** An admin's page layout that "+" copies onto a record's custom page. */
@Entity('page_template')
export class PageTemplateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text', { name: 'record_kind' }) recordKind: RecordKind;
  @Column({ type: 'text', collation: NAME_COLLATION }) name: string;
  @Column('jsonb') blocks: PageBlock[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** The "Personnalisé" tab of one company or one contact. */
@Entity('custom_page')
export class CustomPageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'company_id', nullable: true }) companyId: string | null;
  @Column('uuid', { name: 'contact_id', nullable: true }) contactId: string | null;
  @Column('jsonb') blocks: PageBlock[];
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
