import { i18n } from '@/i18n';
import { bulkEditConfirmText, bulkEditPatch } from './bulkEdit';
import type { BulkField } from './types';

const t = (key: string, named: Record<string, unknown>, plural: number) => i18n.global.t(key, named, plural);
const progress: BulkField = {
  key: 'progressStateId',
  label: 'recordList.contact.progressState',
  the: 'recordList.bulk.the.progressStateId',
  settingList: 'PROGRESS_STATE',
};

describe('bulk "Modifier…"', () => {
  it('applies nothing until a field is chosen, and an empty value never clears by itself', () => {
    expect(bulkEditPatch({ field: null, value: null, clear: false })).toBeNull();
    expect(bulkEditPatch({ field: null, value: null, clear: true })).toBeNull();
    expect(bulkEditPatch({ field: 'progressStateId', value: null, clear: false })).toBeNull();
    expect(bulkEditPatch({ field: 'progressStateId', value: 'won', clear: false })).toEqual({ progressStateId: 'won' });
  });

  it('clears only when "Effacer la valeur" is ticked', () => {
    expect(bulkEditPatch({ field: 'progressStateId', value: null, clear: true })).toEqual({ progressStateId: null });
    expect(bulkEditPatch({ field: 'progressStateId', value: 'won', clear: true })).toEqual({ progressStateId: null });
  });

  it('confirms naming the field, the value and the count', () => {
    i18n.global.locale.value = 'fr';
    const records = 'recordList.bulk.contactsCount';
    expect(bulkEditConfirmText(t, progress, null, records, 12, '12')).toBe(
      "Effacer l'état d'avancement de 12 contacts ?",
    );
    expect(bulkEditConfirmText(t, progress, 'Gagné', records, 1, '1')).toBe(
      "Mettre l'état d'avancement à « Gagné » pour 1 contact ?",
    );
    const type = { key: 'companyTypeId', label: '', the: 'recordList.bulk.the.companyTypeId' };
    expect(bulkEditConfirmText(t, type, null, 'recordList.bulk.companiesCount', 3, '3')).toBe(
      'Effacer le type de société de 3 sociétés ?',
    );
    i18n.global.locale.value = 'en';
    expect(bulkEditConfirmText(t, progress, null, records, 12, '12')).toBe('Clear the progress state of 12 contacts?');
    i18n.global.locale.value = 'fr';
  });
});
