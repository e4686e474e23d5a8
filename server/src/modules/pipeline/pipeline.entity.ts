import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

/** A column of the contact pipeline board; its progress states live in pipeline_column_state. */
@Entity('pipeline_column')
export class PipelineColumnEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column({ type: 'text', collation: NAME_COLLATION }) label: string;
  @Column('integer') position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
