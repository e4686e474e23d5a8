import { mergeRows, rowEdited } from './rows';

describe('pipeline settings rows', () => {
  const saved = [
    { id: 'a', label: 'Prospects', stateIds: ['s1'] },
    { id: 'b', label: 'Devis', stateIds: ['s2'] },
    { id: 'c', label: 'Gagnés', stateIds: ['s3'] },
  ];

  it('tells an edited row from an untouched one', () => {
    expect(rowEdited({ id: 'a', label: 'Prospects', stateIds: ['s1'] }, saved[0])).toBe(false);
    expect(rowEdited({ id: 'a', label: 'Pistes', stateIds: ['s1'] }, saved[0])).toBe(true);
    expect(rowEdited({ id: 'a', label: 'Prospects', stateIds: ['s1', 's4'] }, saved[0])).toBe(true);
    expect(rowEdited({ id: 'z', label: 'x', stateIds: [] }, undefined)).toBe(false);
  });

  it("saving one row keeps another row's unsaved edit, and shows what was saved elsewhere", () => {
    const rows = [
      { id: 'a', label: 'Prospects', stateIds: ['s1'] },
      { id: 'b', label: 'Devis envoyés', stateIds: ['s2'] }, // being edited, not saved
      { id: 'c', label: 'Gagnés !', stateIds: ['s3'] }, // the row saved
    ];
    const next = [
      { id: 'a', label: 'Prospects', stateIds: ['s1'] },
      { id: 'b', label: 'Devis', stateIds: ['s2'] },
      { id: 'c', label: 'Gagnés !', stateIds: ['s3'] },
    ];
    expect(mergeRows(saved, rows, next)).toEqual([
      { id: 'a', label: 'Prospects', stateIds: ['s1'] },
      { id: 'b', label: 'Devis envoyés', stateIds: ['s2'] },
      { id: 'c', label: 'Gagnés !', stateIds: ['s3'] },
    ]);
  });

  it('follows the new order and drops deleted columns', () => {
    const rows = [
      { id: 'a', label: 'Pistes', stateIds: ['s1'] },
      { id: 'b', label: 'Devis', stateIds: ['s2'] },
      { id: 'c', label: 'Gagnés', stateIds: ['s3'] },
    ];
    const next = [
      { id: 'c', label: 'Gagnés', stateIds: ['s3'] },
      { id: 'a', label: 'Prospects', stateIds: ['s1'] },
    ];
    expect(mergeRows(saved, rows, next)).toEqual([
      { id: 'c', label: 'Gagnés', stateIds: ['s3'] },
      { id: 'a', label: 'Pistes', stateIds: ['s1'] },
    ]);
  });
});
