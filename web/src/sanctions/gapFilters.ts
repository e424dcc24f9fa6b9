import { GAP_FILTER_KEYS, GAP_KINDS, REGIMES, SCHEMA_GROUPS, type GapFilters } from './api';

const JURISDICTION = /^[A-Z]{2,10}$/;

/**
 * Filters from the URL, keeping only values the API accepts, so that a hand-edited link lists with the
 * valid filters instead of failing as a whole.
 */
export function gapFiltersFromParams(params: URLSearchParams): GapFilters {
  const out: GapFilters = {};
  const get = (k: string): string => (params.get(k) ?? '').trim();
  const listedBy = get('listedBy');
  if (JURISDICTION.test(listedBy)) out.listedBy = listedBy;
  const notListedBy = get('notListedBy');
  if (JURISDICTION.test(notListedBy)) out.notListedBy = notListedBy;
  const regime = get('regime');
  if ((REGIMES as readonly string[]).includes(regime)) out.regime = regime as GapFilters['regime'];
  const kind = get('kind');
  if ((GAP_KINDS as readonly string[]).includes(kind)) out.kind = kind as GapFilters['kind'];
  const schema = get('schema');
  if ((SCHEMA_GROUPS as readonly string[]).includes(schema)) out.schema = schema as GapFilters['schema'];
  const q = get('q').slice(0, 200);
  if (q) out.q = q;
  return out;
}

export function alignmentUrl(filters: GapFilters, page = 1): string {
  const p = new URLSearchParams();
  for (const k of GAP_FILTER_KEYS) {
    const v = filters[k]?.trim();
    if (v) p.set(k, v);
  }
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `/sanctions/alignment?${s}` : '/sanctions/alignment';
}

export const hasGapFilters = (f: GapFilters): boolean => GAP_FILTER_KEYS.some((k) => Boolean(f[k]));
