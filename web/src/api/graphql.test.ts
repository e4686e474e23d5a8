import { ApiError, errorMessage, fieldErrors, isApiError } from './graphql';

describe('GraphQL error helpers', () => {
  it('keys field problems by their path inside the input, keeping the first message', () => {
    const err = new ApiError(
      [
        {
          message: 'Certaines valeurs sont invalides.',
          extensions: {
            code: 'BAD_USER_INPUT',
            fields: [
              { path: ['input', 'mainContact', 'email'], message: 'Adresse email invalide.' },
              { path: ['input', 'siret'], message: 'Le SIRET doit comporter 14 chiffres.' },
              { path: ['input', 'siret'], message: 'second message' },
              { path: ['first'], message: 'Entre 1 et 100 éléments par page.' },
            ],
          },
        },
      ],
      200,
    );
    expect(fieldErrors(err)).toEqual({
      'mainContact.email': 'Adresse email invalide.',
      siret: 'Le SIRET doit comporter 14 chiffres.',
      first: 'Entre 1 et 100 éléments par page.',
    });
    expect(err.code).toBe('BAD_USER_INPUT');
  });

  it('ignores errors that are not about fields and unknown codes', () => {
    const err = new ApiError([{ message: 'x', extensions: { code: 'SOMETHING_NEW' } }], 500);
    expect(fieldErrors(err)).toEqual({});
    expect(err.code).toBe('INTERNAL_SERVER_ERROR');
    expect(isApiError(err, 'INTERNAL_SERVER_ERROR')).toBe(true);
    expect(fieldErrors(new Error('plain'))).toEqual({});
  });

  it("tells the user plainly when a query is over the API's limits, whatever the API's wording", () => {
    const err = new ApiError(
      [
        {
          message: "Requête trop lourde : elle demande plus de données que le serveur n'en sert en une fois.",
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 20000 },
        },
      ],
      400,
    );
    expect(err.code).toBe('QUERY_TOO_COMPLEX');
    expect(err.message).toBe(
      "Cette demande est trop lourde pour le serveur (trop de données à la fois). Réessayez avec moins d'éléments ; si cela persiste, signalez-le à votre administrateur.",
    );
    expect(errorMessage(err)).toBe(err.message);
  });
});
