/** The inputs of a choice the API can find fault with (`choices.<index>.<input>`). */
export type ChoiceInput = 'labelFr' | 'labelEn' | 'key';

/** What the API said of one input of one choice. */
export interface ChoiceProblem {
  /** 0-based, as sent. */
  index: number;
  input: ChoiceInput;
  message: string;
}

const CHOICE_KEY = /^choices\.(\d+)\.(labelFr|labelEn|key)$/;

/**
 * The problems of a save on the choices of a field, in the order of the choices: each one is
 * said next to the choice's inputs (« Choix 2, libellé français : Ce champ est obligatoire. »),
 * not only as « Certaines valeurs sont invalides. ».
 */
export function choiceProblems(errors: Record<string, string>): ChoiceProblem[] {
  const order: ChoiceInput[] = ['labelFr', 'labelEn', 'key'];
  return Object.entries(errors)
    .flatMap(([key, message]) => {
      const match = CHOICE_KEY.exec(key);
      return match ? [{ index: Number(match[1]), input: match[2] as ChoiceInput, message }] : [];
    })
    .sort((a, b) => a.index - b.index || order.indexOf(a.input) - order.indexOf(b.input));
}
