import { useI18n } from 'vue-i18n';

/** "1 234" / "1,234": a count written for people in the given locale. */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

type Translate = (key: string, named: Record<string, unknown>, plural: number) => string;

/**
 * A message with a {count}: the count written for people ("1 234 résultats", not "1234"),
 * the plural still chosen by the number (a formatted string would not choose it).
 */
export function countText(
  t: Translate,
  locale: string,
  key: string,
  n: number,
  named: Record<string, unknown> = {},
): string {
  return t(key, { ...named, count: formatCount(n, locale) }, n);
}

/** countText and formatCount in the current UI locale, for a component. */
export function useCounts() {
  const { t, locale } = useI18n();
  return {
    tn: (key: string, n: number, named: Record<string, unknown> = {}) =>
      countText(t as Translate, locale.value, key, n, named),
    fmt: (n: number) => formatCount(n, locale.value),
  };
}
