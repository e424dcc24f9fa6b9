import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { ALL_TABLES } from '../../src/core/backup/tables';
import type { DB } from '../../src/core/db/database';
import { errorCatalogue } from '../../src/core/errors';
import type { App } from '../../src/core/http/types';

/**
 * The oracle the hostile-input tests share (routes-fuzz, importers-fuzz): an answer must come within the
 * hang limit, be a 2xx or a catalogued 4xx (never a 5xx), and a refused request must leave every table as
 * it was. Each test adds its own checks (leaks of hidden records) on top.
 */

/** Row count of every table, in one round trip: compared before and after a refused request. */
export async function tableCounts(db: DB): Promise<Record<string, number>> {
  const parts = ALL_TABLES.map((t) => sql`(select count(*) from ${sql.table(t.name)}) as ${sql.ref(t.name)}`);
  const row = (await sql<Record<string, number>>`select ${sql.join(parts)}`.execute(db)).rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

/** app.inject, failing with "no answer within N ms" when the server hangs. */
export async function injectWithin(
  app: App,
  opts: InjectOptions,
  hangMs: number,
): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${hangMs} ms`)), hangMs);
  });
  try {
    return await Promise.race([app.inject(opts), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What is wrong with an answer's status, or null: not a 2xx or 4xx, or (for API answers) a 4xx whose
 * body is not a catalogued error with that status. `where` describes the request in the failure.
 */
export function statusProblem(res: LightMyRequestResponse, where: string, apiError = true): string | null {
  if (res.statusCode >= 500 || res.statusCode < 200) return where;
  if (res.statusCode < 400 || !apiError) return null;
  let code: string | undefined;
  try {
    code = res.json<{ error?: { code?: string } }>().error?.code;
  } catch {
    return `error is not JSON: ${where}`;
  }
  const entry = code ? errorCatalogue[code as keyof typeof errorCatalogue] : undefined;
  return !entry || entry.status !== res.statusCode ? `uncatalogued error: ${where}` : null;
}

/** The tables whose row counts changed between two tableCounts, except those allowed to. */
export function changedTables(
  before: Record<string, number>,
  after: Record<string, number>,
  allowed: readonly string[] = [],
): string[] {
  return Object.keys(after).filter((t) => after[t] !== before[t] && !allowed.includes(t));
}
