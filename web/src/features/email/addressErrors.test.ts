import { addressListError } from './addressErrors';

const t = (_key: string, named: Record<string, unknown>) => `« ${String(named.address)} » : ${String(named.reason)}`;

describe('errors under the Cc and Bcc fields', () => {
  it('names each refused address', () => {
    const errors = { 'cc.1': 'Adresse email invalide.', 'cc.2': 'Adresse email invalide.', subject: 'Obligatoire.' };
    expect(addressListError(errors, 'cc', ['ok@x.fr', 'pas-une-adresse', 'a@@b'], t)).toBe(
      '« pas-une-adresse » : Adresse email invalide. « a@@b » : Adresse email invalide.',
    );
  });

  it('keeps a message about the whole list, and says nothing without errors', () => {
    expect(addressListError({ bcc: 'Au plus 50.' }, 'bcc', [], t)).toBe('Au plus 50.');
    expect(addressListError({ 'bcc.0': 'x' }, 'cc', ['a@b.fr'], t)).toBeNull();
    expect(addressListError({ 'cc.5': 'Adresse email invalide.' }, 'cc', ['a@b.fr'], t)).toBe(
      'Adresse email invalide.',
    );
  });
});
