import { api } from '../api/client';
import type { Ok } from '../api/types';
import type {
  CaseInput,
  CommitResult,
  Consent,
  CreatePersonInput,
  DryRunReport,
  DuplicateCandidate,
  MergeResult,
  PersonFieldsInput,
  PersonFilters,
  PersonList,
  PersonView,
  PublishedFigure,
  RecognitionInput,
  ReleaseEvent,
  ReleaseKind,
  ReleaseList,
  SavedFilter,
  HumanitarianCriteria,
  Statistics,
  StatusEventInput,
} from './types';

/** The registry's calls to the API (src/modules/registry/*.routes.ts); the UI never builds these URLs twice. */
export const registryApi = {
  list: (filters: PersonFilters, limit: number, offset: number) =>
    api.get<PersonList>('/api/v1/persons', { ...filters, limit, offset }),
  get: (id: string) => api.get<PersonView>(`/api/v1/persons/${id}`),
  create: (input: CreatePersonInput) => api.post<PersonView>('/api/v1/persons', input),
  update: (id: string, input: Partial<PersonFieldsInput> & { version: number }) =>
    api.patch<PersonView>(`/api/v1/persons/${id}`, input),
  remove: (id: string) => api.delete<Ok>(`/api/v1/persons/${id}`),
  addCase: (id: string, input: CaseInput) => api.post<PersonView>(`/api/v1/persons/${id}/cases`, input),
  updateCase: (id: string, caseId: string, input: Partial<CaseInput> & { version: number }) =>
    api.patch<PersonView>(`/api/v1/persons/${id}/cases/${caseId}`, input),
  addStatusEvent: (id: string, input: StatusEventInput) =>
    api.post<PersonView>(`/api/v1/persons/${id}/status-events`, input),
  addRecognition: (id: string, input: RecognitionInput) =>
    api.post<PersonView>(`/api/v1/persons/${id}/recognitions`, input),

  duplicates: (id: string) => api.get<{ items: DuplicateCandidate[] }>(`/api/v1/persons/${id}/duplicates`),
  merge: (survivorId: string, otherId: string) =>
    api.post<MergeResult>(`/api/v1/persons/${survivorId}/merge`, { otherId }),
  notDuplicate: (id: string, otherId: string) =>
    api.post<Ok>(`/api/v1/persons/${id}/not-duplicate`, { otherId }),
  revertMerge: (mergeId: string) => api.post<MergeResult>(`/api/v1/registry/merges/${mergeId}/revert`),

  dryRun: (file: ImportFile) => api.post<DryRunReport>('/api/v1/registry/imports/dry-run', file),
  commit: (file: ImportFile & { digest: string; skipInvalidRows: boolean }) =>
    api.post<CommitResult>('/api/v1/registry/imports/commit', file),

  statistics: (scope: 'current' | 'all') => api.get<Statistics>('/api/v1/registry/statistics', { scope }),
  publishedFigures: () => api.get<{ items: PublishedFigure[] }>('/api/v1/registry/published-figures'),

  releaseEvents: () => api.get<{ items: ReleaseEvent[] }>('/api/v1/registry/release-events'),
  createReleaseEvent: (input: {
    kind: ReleaseKind;
    occurredOn: string;
    title: string;
    reportedCount: number | null;
  }) => api.post<ReleaseEvent>('/api/v1/registry/release-events', input),
  savedFilters: () => api.get<{ items: SavedFilter[] }>('/api/v1/registry/saved-filters'),
  createSavedFilter: (input: { name: string; criteria: HumanitarianCriteria }) =>
    api.post<SavedFilter>('/api/v1/registry/saved-filters', input),
  deleteSavedFilter: (id: string) => api.delete<Ok>(`/api/v1/registry/saved-filters/${id}`),
  releaseList: (id: string) => api.get<ReleaseList>(`/api/v1/registry/saved-filters/${id}/list`),
};

export interface ImportFile {
  filename: string;
  contentBase64: string;
  consent: Consent;
  encoding?: 'utf-8' | 'windows-1251';
}

/** Downloads are plain links to the API (the session cookie authorises them); this builds their URLs. */
export function downloadUrl(path: string, query: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) p.set(k, v);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A file's bytes as base64, in chunks so large exports do not overflow the argument list. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
