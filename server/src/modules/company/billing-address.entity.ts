import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('billing_address')
export class BillingAddressEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'company_id' }) companyId: string;
  @Column('text', { nullable: true }) label: string | null;
  @Column('text', { name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column('text', { name: 'address_line2', nullable: true }) addressLine2: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode: string | null;
  @Column('text', { nullable: true }) city: string | null;
  @Column('text') country: string;
  @Column('boolean', { name: 'is_default' }) isDefault: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
