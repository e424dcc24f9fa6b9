import { currentLanguage } from '../i18n';

/** Counts with the UI language's digit grouping (falls back to plain digits where the browser lacks it). */
export function formatCount(n: number): string {
  try {
    return new Intl.NumberFormat(currentLanguage()).format(n);
  } catch {
    return String(n);
  }
}

/** "CA:Belarus" (a regime missing within one jurisdiction) or "CA" (a jurisdiction missing). */
export function splitNotListed(value: string): { jurisdiction: string; regime: string | null } {
  const i = value.indexOf(':');
  return i < 0
    ? { jurisdiction: value, regime: null }
    : { jurisdiction: value.slice(0, i), regime: value.slice(i + 1) };
}
