import { closeAction, escapeAction } from './draftClose';

describe('closing a dialog that holds a draft', () => {
  it('Escape on an open menu closes only the menu, draft or not', () => {
    expect(escapeAction({ menuOpen: true, asking: false, dirty: true })).toBe('menu');
    expect(escapeAction({ menuOpen: true, asking: false, dirty: false })).toBe('menu');
  });

  it('Escape, ×, a click outside or "Annuler" ask first when text was typed, close at once otherwise', () => {
    expect(escapeAction({ menuOpen: false, asking: false, dirty: true })).toBe('ask');
    expect(escapeAction({ menuOpen: false, asking: false, dirty: false })).toBe('close');
    expect(closeAction({ asking: false, dirty: true })).toBe('ask');
    expect(closeAction({ asking: false, dirty: false })).toBe('close');
  });

  it('never asks twice: the open question answers Escape itself', () => {
    expect(escapeAction({ menuOpen: false, asking: true, dirty: true })).toBe('ignore');
    expect(closeAction({ asking: true, dirty: true })).toBe('ignore');
  });
});
