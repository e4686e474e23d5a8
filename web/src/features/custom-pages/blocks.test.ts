import { GRID_COLUMNS, MAX_HEIGHT, blockErrors, clampBlock, newBlock, toBlockInput } from './blocks';

describe('custom page blocks', () => {
  it('puts the problems of a save on the blocks sent, by id and input; the others apart', () => {
    const errors = {
      'blocks.0.text': 'Ce champ est obligatoire.',
      'blocks.2.url': 'Adresse non valide.',
      'blocks.2.text': 'Trop long.',
      'blocks.9.field': 'Inconnu.',
      name: 'Ce nom est déjà pris.',
    };
    expect(blockErrors(errors, ['a', 'b', 'c'])).toEqual({
      byBlock: { a: { text: 'Ce champ est obligatoire.' }, c: { url: 'Adresse non valide.', text: 'Trop long.' } },
      others: ['Inconnu.', 'Ce nom est déjà pris.'],
    });
    expect(blockErrors({}, ['a'])).toEqual({ byBlock: {}, others: [] });
  });

  it('new blocks go below the others, sized for their kind, with distinct ids', () => {
    const heading = newBlock('HEADING', []);
    expect(heading).toMatchObject({ kind: 'HEADING', x: 0, y: 0, w: 12, h: 1, text: null });
    const text = newBlock('TEXT', [heading]);
    expect(text).toMatchObject({ y: 1, w: 6, h: 2 });
    const image = newBlock('IMAGE', [heading, text]);
    expect(image.y).toBe(3);
    expect(new Set([heading.id, text.id, image.id]).size).toBe(3);
    expect(heading.id).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });

  it('clamping keeps a block inside the 12-column grid (a dropped block never sticks out)', () => {
    const block = newBlock('LINK', []);
    expect(clampBlock({ ...block, x: 11, w: 4 })).toMatchObject({ x: 8, w: 4 });
    expect(clampBlock({ ...block, x: -3, y: -1 })).toMatchObject({ x: 0, y: 0 });
    expect(clampBlock({ ...block, w: 40 })).toMatchObject({ x: 0, w: GRID_COLUMNS });
    expect(clampBlock({ ...block, w: 0, h: 99 })).toMatchObject({ w: 1, h: MAX_HEIGHT });
  });

  it('sends the API only what it takes', () => {
    const block = { ...newBlock('CUSTOM_FIELD', []), field: 'budget', fieldLabel: 'Budget', display: '12' };
    expect(toBlockInput(block)).toEqual({
      id: block.id,
      kind: 'CUSTOM_FIELD',
      x: 0,
      y: 0,
      w: 4,
      h: 1,
      text: null,
      url: null,
      field: 'budget',
    });
  });
});
