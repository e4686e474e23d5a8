import { createI18n } from 'vue-i18n';
import en from '@/i18n/en';
import fr from '@/i18n/fr';
import { choiceProblems } from './choiceErrors';

describe('the problems of a field’s choices', () => {
  it('finds each choice’s problems, in the order of the choices, and leaves the others', () => {
    const errors = {
      labelFr: 'Ce champ est obligatoire.',
      'choices.1.labelFr': 'Ce champ est obligatoire.',
      'choices.0.labelEn': 'Trop long.',
      'choices.0.labelFr': 'Ce choix existe déjà.',
      choices: 'Ajoutez au moins un choix.',
    };
    expect(choiceProblems(errors)).toEqual([
      { index: 0, input: 'labelFr', message: 'Ce choix existe déjà.' },
      { index: 0, input: 'labelEn', message: 'Trop long.' },
      { index: 1, input: 'labelFr', message: 'Ce champ est obligatoire.' },
    ]);
    expect(choiceProblems({})).toEqual([]);
  });

  it('names the choice and its input in French and English', () => {
    const i18n = createI18n({ legacy: false, locale: 'fr', messages: { fr, en } });
    const { t } = i18n.global;
    const say = (n: number, input: string, message: string) =>
      t('custom.fields.choiceProblem', { n, input: t(`custom.fields.choiceInputs.${input}`), message });
    expect(say(2, 'labelFr', 'Ce champ est obligatoire.')).toBe(
      'Choix 2, libellé français : Ce champ est obligatoire.',
    );
    expect(t('custom.fields.choiceAria', { n: 2, input: t('custom.fields.choiceInputs.labelEn') })).toBe(
      'Choix 2, libellé anglais',
    );
    i18n.global.locale.value = 'en';
    expect(say(2, 'labelFr', 'This field is required.')).toBe('Choice 2, French label: This field is required.');
  });
});
