import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

/** The lists an admin configures; same values, same order as the `setting_list` enum of the database. */
export enum SettingList {
  CIVILITY = 'CIVILITY',
  SITUATION = 'SITUATION',
  SOURCE = 'SOURCE',
  POTENTIAL = 'POTENTIAL',
  PROGRESS_STATE = 'PROGRESS_STATE',
  COMPANY_TYPE = 'COMPANY_TYPE',
  LANGUAGE = 'LANGUAGE',
  ACTIVITY_CATEGORY = 'ACTIVITY_CATEGORY',
}

/** One value of a settings list (a civility, a source, a pipeline state…). */
@Entity('setting_option')
export class SettingOptionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column({ type: 'enum', enum: SettingList, enumName: 'setting_list' }) list: SettingList;
  @Column({ type: 'text', collation: NAME_COLLATION }) label: string;
  /** Sort key within the list (ties broken by label). */
  @Column('integer') position: number;
  /** Hidden values stay on the records that use them but are no longer offered in pickers. */
  @Column('boolean') hidden: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
