/**
 * The collation of the human-readable names lists, pickers and settings sort by (ICU root:
 * "alpha, Bravo, Éric, Eve, Zoé" whatever the database's locale), set by migration
 * 1765958400000-NameCollation. Entities name it so that the schema they describe matches.
 */
export const NAME_COLLATION = 'und-x-icu';
