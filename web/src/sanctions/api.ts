import { api, type Query } from '../api/client';

/** Types of /api/v1/sanctions/* (src/modules/sanctions/sanctions.schema.ts) and the calls the UI makes. */

export const REGIMES = ['Belarus', 'Russia', 'other'] as const;
export type Regime = (typeof REGIMES)[number];
export const GAP_KINDS = ['cross-jurisdiction', 'russia-only', 'belarus-only'] as const;
export type GapKind = (typeof GAP_KINDS)[number];
export const SCHEMA_GROUPS = ['Person', 'Entity', 'Vessel', 'Airplane'] as const;
export type SchemaGroup = (typeof SCHEMA_GROUPS)[number];
export const DECISIONS = ['accept', 'reject', 'unsure'] as const;
export type Decision = (typeof DECISIONS)[number];
export type ByRegime = Record<Regime, number>;

export interface ListSummary {
  dataset: string;
  jurisdiction: string | null;
  format: string;
  snapshotDate: string;
  importedAt: string;
  targets: number;
  byRegime: ByRegime;
}

export interface Snapshot {
  id: string;
  dataset: string;
  format: string;
  snapshotDate: string;
  importedAt: string;
  fileName: string;
  targets: number;
  latest: boolean;
  byRegime: ByRegime;
  delta: { previousSnapshotDate: string | null; added: number; removed: number; changedNames: number } | null;
}

export interface MatrixRow {
  jurisdiction: string;
  regime: Regime;
  persons: number;
  entities: number;
  vessels: number;
  aircraft: number;
  total: number;
}

export interface OverlapRow {
  regime: Regime | 'all';
  jurisdictions: string[];
  total: number;
}

export interface Summary {
  version: string;
  lists: ListSummary[];
  clusters: number;
  jurisdictions: string[];
  matrix: MatrixRow[];
  /** Absent from servers older than the overlap chart. */
  overlap?: OverlapRow[];
  gapCounts: Record<GapKind, number>;
  reviewPending: number;
}

export interface Programme {
  code: string;
  regime: Regime;
  legalBasis: string | null;
  listedOn: string | null;
}

export interface ListedBy {
  jurisdiction: string;
  dataset: string;
  sourceId: string;
  name: string;
  programmes: Programme[];
}

export interface Gap {
  clusterId: string;
  name: string;
  schema: SchemaGroup;
  kind: GapKind;
  jurisdiction: string | null;
  listedBy: ListedBy[];
  notListedBy: string[];
  regimes: Record<string, Regime[]>;
}

export interface Page<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}

export interface GapFilters {
  listedBy?: string;
  notListedBy?: string;
  regime?: Regime;
  kind?: GapKind;
  schema?: SchemaGroup;
  q?: string;
}
export const GAP_FILTER_KEYS = ['listedBy', 'notListedBy', 'regime', 'kind', 'schema', 'q'] as const;

export interface Member {
  memberKey: string;
  dataset: string;
  jurisdiction: string | null;
  snapshotDate: string;
  sourceId: string;
  schema: string;
  name: string;
  method: string;
  score: number | null;
  gender: string | null;
  remarks: string | null;
  belarusLinked: boolean;
  names: { value: string; kind: string; lang: string | null; script: string }[];
  identifiers: { type: string; value: string; country: string | null }[];
  birthDates: string[];
  nationalities: string[];
  countries: string[];
  addresses: { text: string; country: string | null }[];
  listings: {
    programme: string;
    jurisdiction: string;
    regime: Regime;
    legalBasis: string | null;
    listedOn: string | null;
  }[];
}

export interface Cluster {
  id: string;
  name: string;
  schema: string;
  belarusLinked: boolean;
  members: Member[];
  reviewPairs: { id: string; otherMemberKey: string; score: number }[];
}

export interface ReviewSide {
  memberKey: string;
  clusterId: string | null;
  dataset: string;
  sourceId: string;
  schema: string;
  name: string;
  names: string[];
  birthDates: string[];
  countries: string[];
  programmes: string[];
}

export interface ReviewPair {
  id: string;
  score: number;
  reasons: string[];
  decision: Decision | null;
  a: ReviewSide;
  b: ReviewSide;
}

export interface RegimeMapping {
  jurisdiction: string;
  code: string;
  aliases: string[];
  regime: Regime;
  legalBasis: string | null;
}

const BASE = '/api/v1/sanctions';

/** A same-origin download link carrying the current filters (the session cookie authorises it). */
export function exportUrl(filters: GapFilters, format: 'csv' | 'json' | 'ftm'): string {
  const p = new URLSearchParams();
  for (const k of GAP_FILTER_KEYS) {
    const v = filters[k];
    if (v) p.set(k, v);
  }
  p.set('format', format);
  return `${BASE}/alignment/export?${p.toString()}`;
}

export const sanctionsApi = {
  lists: () => api.get<{ items: ListSummary[] }>(`${BASE}/lists`),
  snapshots: () => api.get<{ items: Snapshot[] }>(`${BASE}/snapshots`),
  regimes: () => api.get<{ items: RegimeMapping[] }>(`${BASE}/regimes`),
  summary: () => api.get<Summary>(`${BASE}/alignment/summary`),
  gaps: (filters: GapFilters, limit: number, offset: number) =>
    api.get<Page<Gap>>(`${BASE}/alignment/gaps`, { ...(filters as Query), limit, offset }),
  target: (clusterId: string) => api.get<Cluster>(`${BASE}/targets/${encodeURIComponent(clusterId)}`),
  review: (status: 'pending' | 'unsure' | 'all', limit: number, offset: number) =>
    api.get<Page<ReviewPair>>(`${BASE}/review`, { status, limit, offset }),
  decide: (id: string, decision: Decision) =>
    api.post<{ id: string; decision: Decision; clusterId: string | null }>(
      `${BASE}/review/${encodeURIComponent(id)}/decision`,
      { decision },
    ),
};
