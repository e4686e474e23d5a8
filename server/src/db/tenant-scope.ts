import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Tells TypeORM's query runner that a transaction we opened ourselves is (no longer) active. */
function markTransaction(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}

/**
 * Resolvers of one request run concurrently but share this transaction's connection:
 * queue their statements here rather than rely on the pg driver's implicit (deprecated)
 * queueing of concurrent client.query calls.
 */
function serializeQueries(runner: QueryRunner): void {
  const original = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One database transaction bound to one workspace. Row-level security reads the
 * workspace from `app.workspace_id`, set with `set_config(..., true)` so it lives and
 * dies with the transaction and never leaks to the next user of a pooled connection.
 *
 * BEGIN and set_config travel in one simple-protocol round trip (PERFORMANCE-NOTES: the
 * separate round trips halve throughput). That is safe only because both ids are checked
 * as UUIDs before they are written into the SQL text.
 *
 * The transaction starts lazily on first use, so a request that never touches the
 * database costs nothing.
 */
export class TenantScope {
  private runner?: QueryRunner;
  private begun?: Promise<EntityManager>;
  private finished = false;
  private readonly afterCommitHooks: (() => Promise<void> | void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    readonly workspaceId: string,
    readonly userId: string | null,
  ) {
    if (!UUID.test(workspaceId)) throw new Error('TenantScope: workspace id is not a UUID');
    if (userId !== null && !UUID.test(userId)) throw new Error('TenantScope: user id is not a UUID');
  }

  /** The entity manager of this transaction (begins it on first call). */
  manager(): Promise<EntityManager> {
    if (this.finished) return Promise.reject(new Error('TenantScope used after it finished'));
    this.begun ??= this.begin();
    return this.begun;
  }

  /** Runs after a successful commit (e.g. enqueue a job once its row is visible to the worker). */
  afterCommit(hook: () => Promise<void> | void): void {
    this.afterCommitHooks.push(hook);
  }

  private async begin(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    serializeQueries(runner);
    const user = this.userId ?? '';
    await runner.query(
      `BEGIN; SELECT set_config('app.workspace_id', '${this.workspaceId}', true), set_config('app.user_id', '${user}', true)`,
    );
    // TypeORM must know a transaction is open: its save() then will not open (and commit)
    // one of its own, and manager.transaction() nests as a SAVEPOINT.
    markTransaction(runner, true);
    return runner.manager;
  }

  /** Commits (or rolls back) and releases the connection. Idempotent. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const runner = this.runner;
    if (!runner) return;
    try {
      await this.begun?.catch(() => undefined);
      await runner.query(commit ? 'COMMIT' : 'ROLLBACK');
    } finally {
      markTransaction(runner, false);
      await runner.release();
    }
    if (commit) for (const hook of this.afterCommitHooks) await hook();
  }
}

/** Runs fn in its own workspace transaction: committed when fn resolves, rolled back when it throws. */
export async function withTenant<T>(
  dataSource: DataSource,
  workspaceId: string,
  userId: string | null,
  fn: (em: EntityManager, scope: TenantScope) => Promise<T>,
): Promise<T> {
  const scope = new TenantScope(dataSource, workspaceId, userId);
  let result: T;
  try {
    result = await fn(await scope.manager(), scope);
  } catch (err) {
    await scope.finish(false);
    throw err;
  }
  await scope.finish(true);
  return result;
}
