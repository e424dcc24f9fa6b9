import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues } from './catalogues';

export const LANGUAGES = [
  { code: 'be', name: 'Беларуская' },
  { code: 'ru', name: 'Русский' },
  { code: 'en', name: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'supolka.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

function storedLanguage(): Language | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    // Storage can be disabled (private modes, hardened browsers); the choice then lasts for the page only.
    return null;
  }
}

/** The remembered choice, else the first of the browser's preferred languages we have, else English. */
export function initialLanguage(): Language {
  const stored = storedLanguage();
  if (stored) return stored;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function chooseLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See storedLanguage.
  }
  void i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    be: { translation: catalogues.be },
    ru: { translation: catalogues.ru },
    en: { translation: catalogues.en },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  // Resources are bundled, so initialise synchronously: no flash of untranslated keys.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  // No advertising in staff consoles.
  showSupportNotice: false,
});
document.documentElement.lang = currentLanguage();

export default i18n;
