import { CONSENTS, FILTER_KEYS, GENDERS, GROUPS, REGIONS, STATUSES, type PersonFilters } from './types';

const ENUMS: Partial<Record<keyof PersonFilters, readonly string[]>> = {
  status: STATUSES,
  group: GROUPS,
  region: REGIONS,
  gender: GENDERS,
  consent: CONSENTS,
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_KEYS = new Set(['detainedFrom', 'detainedTo', 'verdictFrom', 'verdictTo']);
export const ARTICLE_RE = /^\d{1,3}(-\d{1,2}){0,2}$/;

/**
 * Filters from the URL, keeping only values the API accepts: a hand-edited link then lists with the valid
 * filters instead of failing as a whole.
 */
export function filtersFromParams(params: URLSearchParams): PersonFilters {
  const out: PersonFilters = {};
  for (const key of FILTER_KEYS) {
    const raw = (params.get(key) ?? '').trim().slice(0, key === 'q' ? 200 : 300);
    if (!raw) continue;
    const allowed = ENUMS[key];
    if (allowed && !allowed.includes(raw)) continue;
    if (DATE_KEYS.has(key) && !DATE.test(raw)) continue;
    if (key === 'article' && !ARTICLE_RE.test(raw)) continue;
    out[key] = raw;
  }
  return out;
}

export function personsUrl(filters: PersonFilters, page = 1): string {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key]?.trim();
    if (v) p.set(key, v);
  }
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/registry?${s}` : '/registry';
}

export const hasFilters = (f: PersonFilters): boolean => FILTER_KEYS.some((k) => Boolean(f[k]));
