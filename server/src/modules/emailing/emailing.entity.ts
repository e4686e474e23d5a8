import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum EmailingProvider {
  BREVO = 'BREVO',
  MAILJET = 'MAILJET',
  MAILCHIMP = 'MAILCHIMP',
  SARBACANE = 'SARBACANE',
  SMART_PROFILE = 'SMART_PROFILE',
}

export enum ConnectionStatus {
  OK = 'OK',
  ERROR = 'ERROR',
}

/** Where an interrupted sync resumes: the window it was reading and the work already applied. */
export interface SyncState {
  jobId: string;
  /** ISO date: the window's start (null = everything the provider keeps). */
  since: string | null;
  /** ISO date: the window's end; becomes last_sync_at when the sync finishes. */
  until: string;
  /** Campaign ids (provider's) already applied in this window. */
  doneCampaigns: string[];
  /** Per-contact providers: the last contact id applied (contacts are read in id order). */
  afterContactId?: string | null;
}

/** A workspace's account at an emailing provider. Secrets are stored encrypted, never sent to clients. */
@Entity('emailing_connection')
export class EmailingConnectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') provider: EmailingProvider;
  @Column('text') label: string;
  @Column('text', { name: 'credentials_enc' }) credentialsEnc: string;
  @Column('text', { name: 'webhook_token_enc' }) webhookTokenEnc: string;
  @Column('text') status: ConnectionStatus;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('timestamptz', { name: 'last_checked_at', nullable: true }) lastCheckedAt: Date | null;
  @Column('integer', { name: 'sync_interval_minutes' }) syncIntervalMinutes: number;
  @Column('timestamptz', { name: 'last_sync_at', nullable: true }) lastSyncAt: Date | null;
  @Column('jsonb', { name: 'sync_state', nullable: true }) syncState: SyncState | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('emailing_campaign')
export class EmailingCampaignEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'connection_id', nullable: true }) connectionId: string | null;
  @Column('text') provider: EmailingProvider;
  @Column('text', { name: 'external_id' }) externalId: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
}

/** One contact's activity on one campaign: absolute counts as the provider reports them. */
@Entity('emailing_activity')
export class EmailingActivityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'campaign_id' }) campaignId: string;
  @Column('uuid', { name: 'contact_id' }) contactId: string;
  @Column('text') provider: EmailingProvider;
  @Column('integer') opens: number;
  @Column('integer') clicks: number;
  @Column('boolean') unsubscribed: boolean;
  @Column('boolean', { name: 'hard_bounce' }) hardBounce: boolean;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('emailing_webhook_event')
export class EmailingWebhookEventEntity {
  @PrimaryColumn('uuid', { name: 'connection_id' }) connectionId: string;
  @PrimaryColumn('text', { name: 'event_key' }) eventKey: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
}
