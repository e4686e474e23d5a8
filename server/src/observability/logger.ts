import pino from 'pino';

/** Structured JSON logs on stdout; one logger per process, children carry request and job ids. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: process.env.CRM_PROCESS ?? 'api' },
  redact: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password', 'secret'],
});
export type Logger = pino.Logger;
