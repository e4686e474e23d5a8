import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CustomFieldChoice, CustomFieldType, RecordKind } from './custom-field.model';

/** An admin-defined field of companies or contacts. Values live in the records' custom_fields jsonb under `key`. */
@Entity('custom_field')
export class CustomFieldEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text', { name: 'record_kind' }) recordKind: RecordKind;
  @Column('text') key: string;
  @Column('text', { name: 'label_fr' }) labelFr: string;
  @Column('text', { name: 'label_en', nullable: true }) labelEn: string | null;
  @Column('text') type: CustomFieldType;
  @Column('boolean') required: boolean;
  @Column('jsonb') choices: CustomFieldChoice[];
  @Column('integer') position: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
