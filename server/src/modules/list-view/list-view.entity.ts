import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ListName } from '../record-list/columns';
import { NAME_COLLATION } from '../../db/collation';

/** A saved list view: one user's columns, sorts, filter, grouping and page size for a list. */
@Entity('list_view')
export class ListViewEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'owner_id' }) ownerId: string;
  @Column('text') list: ListName;
  @Column({ type: 'text', collation: NAME_COLLATION }) name: string;
  /** Shown (read-only) to every user of the workspace. */
  @Column('boolean') shared: boolean;
  /** Shown column keys, in display order. */
  @Column('text', { array: true }) columns: string[];
  @Column('jsonb', { name: 'order_by' }) orderBy: { column: string; direction: 'ASC' | 'DESC' }[];
  /** A ListFilter tree as the API takes it. */
  @Column('jsonb', { nullable: true }) filter: Record<string, unknown> | null;
  @Column('text', { name: 'group_by', nullable: true }) groupBy: string | null;
  @Column('integer', { name: 'page_size' }) pageSize: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
