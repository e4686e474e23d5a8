import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum InvitationMailStatus {
  /** Waiting for the worker (or its next retry). */
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  /** Given up: mailError says why. */
  FAILED = 'FAILED',
  /** Before the outbox: no SMTP server, the mail was not kept (the admin was given the link). */
  NOT_SENT = 'NOT_SENT',
  /** No SMTP server configured: the mail is kept in the local outbox (and the admin was given the link). */
  OUTBOX = 'OUTBOX',
}

/** One invitation link of a user. Only the token's hash is stored. */
@Entity('user_invitation')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'token_hash', select: false }) tokenHash: string;
  @Column('text', { select: false }) nonce: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('text') locale: string;
  @Column('text', { name: 'mail_status' }) mailStatus: InvitationMailStatus;
  @Column('text', { name: 'mail_error', nullable: true }) mailError: string | null;
  @Column('integer', { name: 'mail_attempts' }) mailAttempts: number;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt: Date | null;
  @Column('uuid', { name: 'job_id', nullable: true }) jobId: string | null;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
