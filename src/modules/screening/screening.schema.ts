import { z } from 'zod';
import { DEFAULT_MIN_SCORE, DEFAULT_TOP, MAX_TOP } from './screening.engine';

/** Rows per request: the HTTP route is for interactive and small-batch use; big files go through the CLI. */
export const MAX_ROWS = 1000;

const text = (max: number) => z.string().max(max);

export const screenInput = z
  .object({
    name: text(500).min(1),
    schema: text(40).optional(),
    birthDate: text(40).optional(),
    country: text(40).optional(),
  })
  // Other columns (a caller's own row id, say) are echoed back as they came.
  .catchall(text(500));

export const screenBody = z.object({
  names: z.array(screenInput).min(1).max(MAX_ROWS),
  top: z.number().int().min(1).max(MAX_TOP).default(DEFAULT_TOP),
  minScore: z.number().min(0).max(1).default(DEFAULT_MIN_SCORE),
});
export type ScreenBody = z.infer<typeof screenBody>;

export const screenCandidateView = z.object({
  id: z.string(),
  name: z.string(),
  score: z.number(),
  datasets: z.array(z.string()),
  explanation: z.array(z.string()),
});

export const screenResponse = z.object({
  /** The target set screened against (changes with every import or resolution run). */
  version: z.string(),
  targets: z.number().int(),
  results: z.array(
    z.object({
      input: z.record(z.string(), z.string()),
      candidates: z.array(screenCandidateView),
    }),
  ),
});
export type ScreenResponse = z.infer<typeof screenResponse>;
