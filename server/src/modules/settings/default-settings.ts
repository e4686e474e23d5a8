import type { EntityManager } from 'typeorm';
import { SettingList } from './setting-option.entity';

/** The values every new workspace starts with, list by list, in display order. */
export const DEFAULT_SETTINGS: Record<SettingList, readonly string[]> = {
  [SettingList.CIVILITY]: ['M.', 'Mme', 'Professeur', 'Maître', 'Docteur'],
  [SettingList.SITUATION]: ['Membre', 'Non membre'],
  [SettingList.SOURCE]: [
    'Site web',
    'Salon / événement',
    'Recommandation',
    'Prospection',
    'Réseaux sociaux',
    'Emailing',
    'Autre',
  ],
  [SettingList.POTENTIAL]: ['Faible', 'Moyen', 'Fort'],
  // Drives the sales pipeline: its columns, in this order.
  [SettingList.PROGRESS_STATE]: [
    'À qualifier',
    'Premier contact',
    'Proposition envoyée',
    'Négociation',
    'Gagné',
    'Perdu',
  ],
  [SettingList.COMPANY_TYPE]: ['Entreprise', 'Agence', 'Association', 'Administration', 'Particulier'],
  [SettingList.LANGUAGE]: ['Français', 'Anglais', 'Allemand', 'Espagnol', 'Italien'],
  [SettingList.ACTIVITY_CATEGORY]: ['Prospection', 'Fidélisation', 'Étude de marché', 'Suivi client', 'Facturation'],
};

/**
 * Inserts the default values of every list for a workspace, in one statement, inside the
 * caller's workspace transaction. Idempotent: values already there (same list, same label
 * whatever the case) are left as they are.
 */
export async function seedDefaultSettings(em: EntityManager, workspaceId: string): Promise<void> {
  const params: unknown[] = [workspaceId];
  const rows: string[] = [];
  for (const list of Object.values(SettingList)) {
    DEFAULT_SETTINGS[list].forEach((label, position) => {
      const i = params.length;
      params.push(list, label, position);
      rows.push(`($1, $${i + 1}::setting_list, $${i + 2}, $${i + 3}::integer)`);
    });
  }
  await em.query(
    `INSERT INTO setting_option (workspace_id, list, label, position) VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
    params,
  );
}
