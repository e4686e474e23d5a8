import type { Ctx } from '../../common/context';
import { em } from '../../common/context';

export type CounterKind = 'QUOTE' | 'INVOICE';

/**
 * The next number of a workspace's quote or invoice series, taken inside the caller's
 * transaction. The counter row stays locked (FOR UPDATE) until that transaction ends, so
 * concurrent issuers queue up, and a rollback gives the number back: issued invoice numbers
 * follow each other without gaps. A sequence would not: its values are never given back.
 */
export async function nextNumber(ctx: Ctx, kind: CounterKind): Promise<number> {
  const manager = await em(ctx);
  await manager.query(
    `INSERT INTO finance_counter (workspace_id, kind) VALUES ($1, $2) ON CONFLICT (workspace_id, kind) DO NOTHING`,
    [ctx.actor.workspaceId, kind],
  );
  const [row]: { last_value: string }[] = await manager.query(
    'SELECT last_value FROM finance_counter WHERE workspace_id = $1 AND kind = $2 FOR UPDATE',
    [ctx.actor.workspaceId, kind],
  );
  const next = Number(row.last_value) + 1;
  await manager.query('UPDATE finance_counter SET last_value = $3 WHERE workspace_id = $1 AND kind = $2', [
    ctx.actor.workspaceId,
    kind,
    next,
  ]);
  return next;
}

/** D-000042 for quotes; F-000042 for invoices and AV-000043 for credit notes (one series). */
export function formatNumber(prefix: 'D' | 'F' | 'AV', n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}
