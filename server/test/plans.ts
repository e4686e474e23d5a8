import type { EntityManager } from 'typeorm';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

export interface PlanScan {
  type: string;
  relation?: string;
  index?: string;
}

function scans(node: PlanNode): PlanScan[] {
  return [
    { type: node['Node Type'], relation: node['Relation Name'], index: node['Index Name'] },
    ...(node.Plans ?? []).flatMap(scans),
  ];
}

/**
 * The scans of a statement's plan on these tables, as whoever `em` runs as (the app role,
 * row-level security on, for the plans the app gets). Sequential and bitmap scans (and sorts,
 * with `noSort`) are discouraged for the transaction: on a test database's few rows the planner
 * would otherwise read the whole table, and what is left shows the index that can serve the
 * statement's condition and order on a workspace large enough for it to matter.
 */
export async function planScans(
  em: EntityManager,
  sql: string,
  params: unknown[],
  tables: string[],
  { noSort = false } = {},
): Promise<PlanScan[]> {
  await em.query(
    `SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off${noSort ? '; SET LOCAL enable_sort = off' : ''}`,
  );
  const [row] = await em.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const plan = (typeof row['QUERY PLAN'] === 'string' ? JSON.parse(row['QUERY PLAN']) : row['QUERY PLAN']) as {
    Plan: PlanNode;
  }[];
  return scans(plan[0].Plan).filter((s) => s.relation !== undefined && tables.includes(s.relation));
}
