import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export interface JobResultFile {
  name: string;
  /** Path relative to STORAGE_DIR. */
  path: string;
  contentType: string;
  size: number;
  /** ISO date after which the file is no longer served (exports: EXPORT_FILE_TTL_HOURS). */
  expiresAt?: string;
}

/** The source of truth for a background job; BullMQ only carries its id. */
@Entity('job')
export class JobEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'workspace_id' }) workspaceId: string;
  @Column('text') kind: string;
  @Column({ type: 'enum', enum: JobStatus, enumName: 'job_status' }) status: JobStatus;
  @Column('jsonb') params: Record<string, unknown>;
  @Column('integer', { name: 'progress_done' }) progressDone: number;
  @Column('integer', { name: 'progress_total', nullable: true }) progressTotal: number | null;
  @Column('jsonb') counts: Record<string, number>;
  @Column('jsonb', { nullable: true }) result: Record<string, unknown> | null;
  @Column('jsonb', { name: 'result_files' }) resultFiles: JobResultFile[];
  @Column('text', { nullable: true }) error: string | null;
  @Column('integer') attempts: number;
  @Column('boolean', { name: 'cancel_requested' }) cancelRequested: boolean;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt: Date | null;
}
