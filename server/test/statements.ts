import { Client } from 'pg';

export interface SentStatement {
  text: string;
  values: unknown[];
}

/**
 * Runs `fn` and records every SQL statement this process sends to PostgreSQL meanwhile (all
 * pg clients: the API under test runs in the test's process). For the "a list page costs a
 * fixed number of statements, whatever its length" tests.
 */
export async function recordStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: SentStatement[] }> {
  const original = Client.prototype.query;
  const statements: SentStatement[] = [];
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] };
    statements.push(
      typeof q === 'string'
        ? { text: q, values: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] }
        : { text: q?.text ?? '?', values: q?.values ?? [] },
    );
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    return { result: await fn(), statements };
  } finally {
    Client.prototype.query = original;
  }
}
