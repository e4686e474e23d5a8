import type { Catalog } from '../../common/i18n';

/** Messages of the workspace's legal identity. */
export const workspaceMessages: Catalog = {
  'workspace.shareCapital': {
    fr: 'Capital social invalide : un montant en euros, ex. 10 000 ou 7 500,50.',
    en: 'Invalid share capital: an amount in euros, e.g. 10,000 or 7,500.50.',
  },
};
