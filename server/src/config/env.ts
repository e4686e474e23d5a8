import { z } from 'zod';

/**
 * The whole configuration, read once from the environment and validated at start.
 * Every variable is documented in README.md ("Configuration"); a bad value stops the
 * process with one line per problem, so an operator fixes them all in one go.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  /** The application role: RLS applies to it (not a superuser, no BYPASSRLS, not the owner). */
  DATABASE_URL: postgresUrl.default('postgres://crm_app:crm_app@127.0.0.1:5432/crm'),
  /** The owner role: creates the database and the app role, runs migrations. */
  DATABASE_ADMIN_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/crm'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** Prefix of every BullMQ key in Redis, so several deployments can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default('crm'),
  /** Signs nothing by itself today; derives the key that encrypts stored secrets. */
  APP_SECRET: z.string().min(16, 'must be at least 16 characters').default('dev-secret-change-me-please'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 14),
  COOKIE_SECURE: booleanString.default(false),
  /** Origins (comma-separated, e.g. https://crm.example.com) allowed to call the API from a browser. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.string().url('each origin must be a URL like https://crm.example.com'))),
  /**
   * E-mails (comma-separated) of the operators who may open the job dashboard
   * (/admin/queues). It shows and acts on every workspace's jobs, so a workspace admin is
   * not enough.
   */
  JOB_DASHBOARD_OPERATORS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORAGE_DIR: z.string().default('./storage'),
  WEB_DIST_DIR: z.string().default('./web/dist'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().default('CRM <no-reply@localhost>'),
  /**
   * The address users reach the web client at: links in emails point there. Unset (or empty),
   * http://localhost:<PORT>, the port this install listens on (see publicUrlDefault).
   */
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  EXPORT_PASSWORD_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  EXPORT_PASSWORD_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  /** Export files up to this total size go as attachments; bigger ones as download links. */
  EXPORT_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 1024 * 1024),
  /** How long an invitation link (user management) stays valid. */
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
  /** How long export files can be downloaded. */
  EXPORT_FILE_TTL_HOURS: z.coerce.number().int().min(1).default(72),
  /** Attempts to deliver one email before it is marked failed, and the first retry delay (doubling after). */
  MAIL_SEND_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  MAIL_RETRY_DELAY_MS: z.coerce.number().int().min(10).default(30_000),
  /** Where uploaded documents are kept (local folder storage); defaults to STORAGE_DIR/documents. */
  DOCUMENTS_DIR: z.string().optional(),
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(10 * 1024 * 1024),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(15),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(20000),
  LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(15 * 60),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  JOB_RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * Whether workers put back the unfinished jobs Redis lost (at start and on the interval).
   * Always on in production; the test run turns it off by default, because its test files
   * share one database and a worker would take the jobs of another file's queue.
   */
  JOB_RECONCILE: booleanString.default(true),
  /** A job whose worker stopped renewing its lock this long (crash, kill -9) runs again elsewhere. */
  WORKER_LOCK_SECONDS: z.coerce.number().int().min(1).default(30),
  WORKER_STALLED_CHECK_SECONDS: z.coerce.number().int().min(1).default(30),
  INTROSPECTION: booleanString.optional(),
  /** Imports: largest accepted upload, checked before any parsing. */
  IMPORT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  /** Imports: most data rows in one file. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(50_000),
  /** Imports: most bytes an .xlsx may inflate to (zip-bomb bound; also at most 100× the file). */
  IMPORT_MAX_UNZIPPED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(300 * 1024 * 1024),
  /** Imports: rows written per transaction (and per checkpoint) by the import job. */
  IMPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** 32 bytes (64 hex characters) encrypting emailing-provider credentials; required in production. */
  EMAILING_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  /** Default interval of a connection's automatic sync. */
  EMAILING_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(5).max(10080).default(60),
  /** Campaigns sent this long before the last sync are read again: opens and clicks keep coming. */
  EMAILING_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** First wait after a 429 when the provider gives no reset time; doubles on each retry. */
  EMAILING_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  /** Attempts of the job deleting an erased person at one provider (GDPR), before it is marked failed. */
  EMAILING_ERASURE_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** First wait before that job's retry (doubles each time: 1 min, 2, 4… about 4 h over 8 attempts). */
  EMAILING_ERASURE_RETRY_DELAY_MS: z.coerce.number().int().min(10).default(60_000),
  /**
   * Days after which a failed or cancelled provider-deletion job forgets the erased person's
   * (encrypted) addresses, when no admin marked it handled before.
   */
  EMAILING_ERASURE_ADDRESS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  EMAILING_BREVO_BASE_URL: z.string().url().default('https://api.brevo.com/v3'),
  EMAILING_MAILJET_BASE_URL: z.string().url().default('https://api.mailjet.com/v3/REST'),
  /** {dc} is replaced by the data center that ends the API key (e.g. us19). */
  EMAILING_MAILCHIMP_BASE_URL: z.string().default('https://{dc}.api.mailchimp.com/3.0'),
  EMAILING_SARBACANE_BASE_URL: z.string().url().default('https://sarbacaneapis.com/v1'),
  /** No public address is known for Smart Profile's API: set it from the vendor's documentation. */
  EMAILING_SMART_PROFILE_BASE_URL: z.string().url().optional(),
});

const refined = schema.superRefine((c, issues) => {
  if (c.NODE_ENV === 'production' && !c.EMAILING_SECRET_KEY)
    issues.addIssue({ code: 'custom', path: ['EMAILING_SECRET_KEY'], message: 'required in production' });
});

/** PUBLIC_URL when none is set: this machine, on the port the API listens on (4000 for a random port). */
export const publicUrlDefault = (port: number) => `http://localhost:${port || 4000}`;

const withDefaults = refined.transform((c) => ({ ...c, PUBLIC_URL: c.PUBLIC_URL ?? publicUrlDefault(c.PORT) }));

export type Config = z.output<typeof withDefaults>;

export class ConfigError extends Error {}

/** Parses an environment (process.env by default); throws one message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = withDefaults.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
