import { createI18n } from 'vue-i18n';
import fr, { type MessageSchema } from './fr';
import en from './en';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'crm.locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'fr';
  } catch {
    return 'fr';
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'fr',
  messages: { fr, en },
  datetimeFormats: {
    fr: {
      short: { year: 'numeric', month: '2-digit', day: '2-digit' },
      long: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
    },
    en: {
      short: { year: 'numeric', month: 'short', day: 'numeric' },
      long: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    },
  },
});

/** The current UI locale, as sent to the API in Accept-Language. */
export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage: the choice then lasts for this page only.
  }
}

// Outside a browser (unit tests of modules that import this one) there is no page to label.
if (typeof document !== 'undefined') document.documentElement.lang = currentLocale();
