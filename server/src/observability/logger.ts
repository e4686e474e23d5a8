import pino from 'pino';

/**
 * What never reaches a log line: credentials in requests, the session cookie the login
 * response sets, and any field named like a secret (a test scans a run's logs for them).
 */
export function loggerRedactions(): string[] {
  return [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    'password',
    '*.password',
    'secret',
    '*.secret',
    'token',
    '*.token',
    'apiKey',
    '*.apiKey',
  ];
}

/** Structured JSON logs on stdout; one logger per process, children carry request and job ids. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: process.env.CRM_PROCESS ?? 'api' },
  redact: loggerRedactions(),
});
export type Logger = pino.Logger;
