import type { EntityManager } from 'typeorm';

/**
 * The board a new workspace starts with: the default progress states (default-settings.ts)
 * grouped into columns. Labels that are missing from the workspace's list are skipped.
 */
export const DEFAULT_PIPELINE: readonly { label: string; states: readonly string[] }[] = [
  { label: 'À qualifier', states: ['À qualifier'] },
  { label: 'En discussion', states: ['Premier contact', 'Proposition envoyée'] },
  { label: 'Négociation', states: ['Négociation'] },
  { label: 'Gagné', states: ['Gagné'] },
  { label: 'Perdu', states: ['Perdu'] },
];

/** Inserts the default columns, inside the caller's workspace transaction, after the settings lists. */
export async function seedDefaultPipeline(em: EntityManager, workspaceId: string): Promise<void> {
  const existing: unknown[] = await em.query('SELECT 1 FROM pipeline_column LIMIT 1');
  if (existing.length) return;
  for (const [position, column] of DEFAULT_PIPELINE.entries()) {
    const [{ id }] = await em.query(
      'INSERT INTO pipeline_column (workspace_id, label, position) VALUES ($1, $2, $3) RETURNING id',
      [workspaceId, column.label, position],
    );
    await em.query(
      `INSERT INTO pipeline_column_state (workspace_id, column_id, option_id, position)
       SELECT $1, $2, o.id, array_position($3::text[], o.label)
         FROM setting_option o WHERE o.list = 'PROGRESS_STATE' AND o.label = ANY($3::text[])
       ON CONFLICT DO NOTHING`,
      [workspaceId, id, column.states],
    );
  }
}
