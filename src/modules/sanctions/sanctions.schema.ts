import { z } from 'zod';

/** Request and response shapes of /api/v1/sanctions/*. */

export const regime = z.enum(['Belarus', 'Russia', 'other']);
export const byRegime = z.object({ Belarus: z.number(), Russia: z.number(), other: z.number() });
export const gapKind = z.enum(['cross-jurisdiction', 'russia-only', 'belarus-only']);
export const schemaGroup = z.enum(['Person', 'Entity', 'Vessel', 'Airplane']);

export const listView = z.object({
  dataset: z.string(),
  jurisdiction: z.string().nullable(),
  format: z.string(),
  snapshotDate: z.string(),
  importedAt: z.string(),
  targets: z.number(),
  byRegime,
});
export const listsView = z.object({ items: z.array(listView) });

export const snapshotView = z.object({
  id: z.string(),
  dataset: z.string(),
  format: z.string(),
  snapshotDate: z.string(),
  snapshotDateSource: z.string(),
  importedAt: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileBytes: z.number(),
  targets: z.number(),
  latest: z.boolean(),
  byRegime,
  delta: z
    .object({
      previousSnapshotDate: z.string().nullable(),
      added: z.number(),
      removed: z.number(),
      changedNames: z.number(),
    })
    .nullable(),
});
export const snapshotsView = z.object({ items: z.array(snapshotView) });
export const snapshotsQuery = z.object({ dataset: z.string().max(100).optional() });

export const importQuery = z.object({
  filename: z.string().min(1).max(200).optional(),
  dataset: z
    .string()
    .regex(/^[a-z0-9_.-]{1,64}$/)
    .optional(),
});
export const importView = z.object({
  dataset: z.string(),
  format: z.string(),
  snapshotDate: z.string(),
  targets: z.number(),
  byRegime,
  delta: z.object({
    previousSnapshotDate: z.string().nullable(),
    added: z.number(),
    removed: z.number(),
    changedNames: z.number(),
  }),
  snapshotId: z.string(),
  resolution: z.object({ clusters: z.number(), reviewPending: z.number() }),
});

export const matrixRow = z.object({
  jurisdiction: z.string(),
  regime,
  persons: z.number(),
  entities: z.number(),
  vessels: z.number(),
  aircraft: z.number(),
  total: z.number(),
});
export const summaryView = z.object({
  version: z.string(),
  lists: z.array(listView),
  clusters: z.number(),
  jurisdictions: z.array(z.string()),
  matrix: z.array(matrixRow),
  /** Targets per exact set of listing jurisdictions, per regime and for 'all' regimes (overlap chart). */
  overlap: z.array(
    z.object({
      regime: z.enum(['all', 'Belarus', 'Russia', 'other']),
      jurisdictions: z.array(z.string()),
      total: z.number(),
    }),
  ),
  gapCounts: z.object({
    'cross-jurisdiction': z.number(),
    'russia-only': z.number(),
    'belarus-only': z.number(),
  }),
  reviewPending: z.number(),
});

export const listedByView = z.object({
  jurisdiction: z.string(),
  dataset: z.string(),
  sourceId: z.string(),
  name: z.string(),
  programmes: z.array(
    z.object({
      code: z.string(),
      regime,
      legalBasis: z.string().nullable(),
      listedOn: z.string().nullable(),
    }),
  ),
});
export const gapView = z.object({
  clusterId: z.string(),
  name: z.string(),
  schema: schemaGroup,
  kind: gapKind,
  jurisdiction: z.string().nullable(),
  listedBy: z.array(listedByView),
  notListedBy: z.array(z.string()),
  regimes: z.record(z.string(), z.array(regime)),
});
export const gapsQuery = z.object({
  jurisdiction: z.string().max(10).optional(),
  listedBy: z.string().max(10).optional(),
  notListedBy: z.string().max(10).optional(),
  regime: regime.optional(),
  kind: gapKind.optional(),
  schema: schemaGroup.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const gapsView = z.object({
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  items: z.array(gapView),
});
export const exportQuery = gapsQuery
  .omit({ limit: true, offset: true })
  .extend({ format: z.enum(['csv', 'json', 'ftm']).default('csv') });

const nameView = z.object({
  value: z.string(),
  kind: z.string(),
  lang: z.string().nullable(),
  script: z.string(),
});
export const memberView = z.object({
  memberKey: z.string(),
  dataset: z.string(),
  jurisdiction: z.string().nullable(),
  snapshotDate: z.string(),
  sourceId: z.string(),
  schema: z.string(),
  name: z.string(),
  method: z.string(),
  score: z.number().nullable(),
  gender: z.string().nullable(),
  remarks: z.string().nullable(),
  belarusLinked: z.boolean(),
  names: z.array(nameView),
  identifiers: z.array(z.object({ type: z.string(), value: z.string(), country: z.string().nullable() })),
  birthDates: z.array(z.string()),
  nationalities: z.array(z.string()),
  countries: z.array(z.string()),
  addresses: z.array(z.object({ text: z.string(), country: z.string().nullable() })),
  listings: z.array(
    z.object({
      programme: z.string(),
      jurisdiction: z.string(),
      regime,
      legalBasis: z.string().nullable(),
      listedOn: z.string().nullable(),
    }),
  ),
});
export const reviewSide = z.object({
  memberKey: z.string(),
  clusterId: z.string().nullable(),
  dataset: z.string(),
  sourceId: z.string(),
  schema: z.string(),
  name: z.string(),
  names: z.array(z.string()),
  birthDates: z.array(z.string()),
  countries: z.array(z.string()),
  programmes: z.array(z.string()),
});
export const reviewPairView = z.object({
  id: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
  decision: z.enum(['accept', 'reject', 'unsure']).nullable(),
  a: reviewSide,
  b: reviewSide,
});
export const clusterView = z.object({
  id: z.string(),
  name: z.string(),
  schema: z.string(),
  belarusLinked: z.boolean(),
  members: z.array(memberView),
  reviewPairs: z.array(z.object({ id: z.string(), otherMemberKey: z.string(), score: z.number() })),
});
export const reviewQuery = z.object({
  status: z.enum(['pending', 'unsure', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const reviewListView = z.object({
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  items: z.array(reviewPairView),
});
export const decisionBody = z.object({ decision: z.enum(['accept', 'reject', 'unsure']) });
export const decisionView = z.object({
  id: z.string(),
  decision: z.enum(['accept', 'reject', 'unsure']),
  clusterId: z.string().nullable(),
});
export const regimesView = z.object({
  items: z.array(
    z.object({
      jurisdiction: z.string(),
      code: z.string(),
      aliases: z.array(z.string()),
      regime,
      legalBasis: z.string().nullable(),
    }),
  ),
});
