import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('workspace')
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') name: string;
  // The agency's legal identity, printed as the seller on quotes and invoices (see workspace-legal.ts).
  @Column('text', { name: 'legal_name', nullable: true }) legalName: string | null;
  @Column('text', { name: 'address_line1', nullable: true }) addressLine1: string | null;
  @Column('text', { name: 'address_line2', nullable: true }) addressLine2: string | null;
  @Column('text', { name: 'postal_code', nullable: true }) postalCode: string | null;
  @Column('text', { nullable: true }) city: string | null;
  @Column('text', { nullable: true }) country: string | null;
  @Column('text', { nullable: true }) siret: string | null;
  @Column('text', { name: 'vat_number', nullable: true }) vatNumber: string | null;
  @Column('text', { name: 'legal_form', nullable: true }) legalForm: string | null;
  @Column('numeric', { name: 'share_capital', precision: 15, scale: 2, nullable: true }) shareCapital: string | null;
  @Column('text', { name: 'rcs_city', nullable: true }) rcsCity: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
