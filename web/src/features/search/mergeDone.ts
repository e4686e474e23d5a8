type Translate = (key: string, named: Record<string, unknown>, plural: number) => string;

/**
 * The merge's success message, with real plurals (« 1 champ complété », « aucun élément
 * rattaché »): one plural message per count, put together in the sentence.
 */
export function mergeDoneText(t: Translate, moved: number, filled: number): string {
  return t(
    'merge.done',
    {
      moved: t('merge.doneMoved', { count: moved }, moved),
      filled: t('merge.doneFilled', { count: filled }, filled),
    },
    1,
  );
}
