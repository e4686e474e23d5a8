import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

/** A client company ("société cliente"). Languages live in company_language. */
@Entity('company')
export class CompanyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column({ type: 'text', collation: NAME_COLLATION }) name: string;
  @Column('text', { nullable: true }) website: string | null;
  @Column('uuid', { name: 'company_type_id', nullable: true }) companyTypeId: string | null;
  @Column({ type: 'text', name: 'address_line1', nullable: true, collation: NAME_COLLATION })
  addressLine1: string | null;
  @Column({ type: 'text', name: 'address_line2', nullable: true, collation: NAME_COLLATION })
  addressLine2: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode: string | null;
  @Column({ type: 'text', nullable: true, collation: NAME_COLLATION }) city: string | null;
  @Column({ type: 'text', collation: NAME_COLLATION }) country: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'vat_number', nullable: true }) vatNumber: string | null;
  @Column('text', { name: 'accounting_account', nullable: true }) accountingAccount: string | null;
  @Column('text', { nullable: true }) siret: string | null;
  @Column('text', { nullable: true }) siren: string | null;
  @Column('text', { name: 'ape_code', nullable: true }) apeCode: string | null;
  @Column('boolean') active: boolean;
  @Column('boolean', { name: 'opt_in' }) optIn: boolean;
  @Column('uuid', { name: 'main_contact_id', nullable: true }) mainContactId: string | null;
  @Column('jsonb', { name: 'custom_fields' }) customFields: Record<string, unknown>;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  @Column('uuid', { name: 'deleted_by', nullable: true }) deletedBy: string | null;
}

/** The fields the audit trail follows on a company. */
export const COMPANY_AUDITED_FIELDS = [
  'name',
  'website',
  'companyTypeId',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'parentId',
  'vatNumber',
  'accountingAccount',
  'siret',
  'apeCode',
  'active',
  'optIn',
  'mainContactId',
  'languageIds',
  'deletedAt',
  'customFields',
] as const;
