import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NAME_COLLATION } from '../../db/collation';

export enum EmailStatus {
  /** Waiting for the worker (or for its next retry). */
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  /** Given up: failureReason says why. */
  FAILED = 'FAILED',
  /** No SMTP server configured: kept in the local outbox instead of being sent. */
  OUTBOX = 'OUTBOX',
}

/** RECORD: sent from a company or a contact (it has an Email activity). SYSTEM: the app's own mail, no record. */
export enum EmailKind {
  RECORD = 'RECORD',
  SYSTEM = 'SYSTEM',
}

export interface EmailRecipient {
  contactId: string | null;
  name: string | null;
  address: string;
}

/** An admin-managed template: one row per name and language. */
@Entity('email_template')
export class EmailTemplateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column({ type: 'text', collation: NAME_COLLATION }) name: string;
  @Column('uuid', { name: 'language_id', nullable: true }) languageId: string | null;
  @Column('text') subject: string;
  @Column('text') body: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * One email sent (or to be sent) from a record, its Email activity on the record's timeline;
 * or a system mail (export, invitation) kept in the local outbox because no SMTP server is
 * configured (kind SYSTEM, no activity).
 */
@Entity('email_message')
export class EmailMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') kind: EmailKind;
  /** Null exactly for a system mail. */
  @Column('uuid', { name: 'activity_id', nullable: true }) activityId: string | null;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey: string;
  @Column('text') status: EmailStatus;
  @Column('text', { name: 'failure_reason', nullable: true }) failureReason: string | null;
  @Column('integer') attempts: number;
  @Column('text', { name: 'from_address' }) fromAddress: string;
  /** Where answers go: the sending user's own address (record emails); null for system mail. */
  @Column('text', { name: 'reply_to', nullable: true }) replyTo: string | null;
  @Column('jsonb', { name: 'to_recipients' }) to: EmailRecipient[];
  @Column('text', { array: true }) cc: string[];
  @Column('text', { array: true }) bcc: string[];
  @Column('text') subject: string;
  @Column('text', { name: 'body_text' }) bodyText: string;
  @Column('text', { name: 'body_html' }) bodyHtml: string;
  @Column('uuid', { name: 'attachment_ids', array: true }) attachmentIds: string[];
  /** A quote or an invoice (at most one) whose PDF the worker renders and attaches when it sends. */
  @Column('uuid', { name: 'quote_id', nullable: true }) quoteId: string | null;
  @Column('uuid', { name: 'invoice_id', nullable: true }) invoiceId: string | null;
  @Column('uuid', { name: 'template_id', nullable: true }) templateId: string | null;
  @Column('uuid', { name: 'language_id', nullable: true }) languageId: string | null;
  @Column('uuid', { name: 'job_id', nullable: true }) jobId: string | null;
  @Column('text', { name: 'smtp_message_id', nullable: true }) smtpMessageId: string | null;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
