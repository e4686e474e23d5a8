import { inject, type InjectionKey } from 'vue';

/**
 * What a signed-out form (PublicFormPage) tells its fields (PublicFormField), as naive-ui's
 * form gives its model to its items: a field named `email` edits `form.email`, shows
 * `problems.email`, is labelled `<labels>.email` and has the data-test id `<testId>-email`.
 */
export interface PublicFormContext {
  testId: string;
  /** The i18n prefix of the fields' labels. */
  labels: string;
  form: Record<string, string>;
  problems: Partial<Record<string, string>>;
}

export const PUBLIC_FORM: InjectionKey<PublicFormContext> = Symbol('public-form');

/** The context of the enclosing PublicFormPage (read its members where used: they change). */
export function usePublicForm(): PublicFormContext {
  const context = inject(PUBLIC_FORM);
  if (!context) throw new Error('a PublicFormField outside a PublicFormPage');
  return context;
}
