import { ApiError } from '@/api/graphql';
import { bulkProblems } from './bulkErrors';

const names: Record<string, string> = { a: 'Anne Martin', b: 'Bruno Petit' };
const nameOf = (id: string) => names[id] ?? id;
const fieldLabel = (key: string) => ({ progressStateId: "État d'avancement" })[key] ?? key;

describe('bulk action problems', () => {
  it('names the record of each problem by its index in the ids sent, and the field', () => {
    const err = new ApiError(
      [
        {
          message: 'Certaines valeurs sont invalides.',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { path: ['ids', '1', 'progressStateId'], message: 'Cette valeur est masquée.' },
              { path: ['input', 'progressStateId'], message: 'Valeur inconnue.' },
              { path: ['ids'], message: 'Au plus 500 fiches par action groupée.' },
            ],
          },
        },
      ],
      200,
    );
    expect(bulkProblems(err, ['a', 'b'], nameOf, fieldLabel)).toEqual([
      "Bruno Petit (État d'avancement) : Cette valeur est masquée.",
      "État d'avancement : Valeur inconnue.",
      'Au plus 500 fiches par action groupée.',
    ]);
  });

  it('names the record of a problem by its id when acting on every result of a filter', () => {
    const err = new ApiError(
      [
        {
          message: 'Certaines valeurs sont invalides.',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { path: ['matching', 'b', 'progressStateId'], message: 'Cette valeur est masquée.' },
              { path: ['matching', 'filter', 'column'], message: 'Colonne inconnue : x.' },
              { path: ['matching', 'expectedCount'], message: 'Le filtre retient maintenant 3 fiches au lieu de 2.' },
            ],
          },
        },
      ],
      200,
    );
    expect(bulkProblems(err, [], nameOf, fieldLabel)).toEqual([
      "Bruno Petit (État d'avancement) : Cette valeur est masquée.",
      'Colonne inconnue : x.',
      'Le filtre retient maintenant 3 fiches au lieu de 2.',
    ]);
  });

  it('names a record refused as a whole (an erased person), by index or by id', () => {
    const erased = 'Cette personne a été effacée (RGPD) le 2 mars 2026 : sa fiche ne peut plus être modifiée.';
    const id = '6f1c2e1a-3b4d-4c5e-8f70-1a2b3c4d5e6f';
    const err = new ApiError(
      [
        {
          message: 'Certaines valeurs sont invalides.',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { path: ['ids', '0'], message: erased },
              { path: ['matching', id], message: erased },
              { path: ['matching', 'expectedCount'], message: 'Le filtre retient maintenant 3 fiches au lieu de 2.' },
            ],
          },
        },
      ],
      200,
    );
    expect(bulkProblems(err, ['a'], (x) => (x === id ? 'Personne effacée' : nameOf(x)), fieldLabel)).toEqual([
      `Anne Martin : ${erased}`,
      `Personne effacée : ${erased}`,
      'Le filtre retient maintenant 3 fiches au lieu de 2.',
    ]);
  });

  it('lists the records the API could not find', () => {
    const err = new ApiError(
      [
        {
          message: 'Contact introuvable ou supprimé : 2 des fiches sélectionnées.',
          extensions: { code: 'NOT_FOUND', missingIds: ['a', 'z'] },
        },
      ],
      200,
    );
    expect(bulkProblems(err, ['a', 'z'], nameOf, fieldLabel)).toEqual([
      'Contact introuvable ou supprimé : 2 des fiches sélectionnées. Anne Martin, z',
    ]);
  });

  it('falls back to the message of any other error', () => {
    const err = ApiError.synthetic('FORBIDDEN', 'Cette clé API est en lecture seule.');
    expect(bulkProblems(err, ['a'], nameOf, fieldLabel)).toEqual(['Cette clé API est en lecture seule.']);
  });
});
