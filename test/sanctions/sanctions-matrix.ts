import fs from 'node:fs';
import { expect } from 'vitest';
import { runResolution } from '../../src/modules/sanctions/resolution.service';
import { importSanctionsFile } from '../../src/modules/sanctions/sanctions.import';
import { LIST_A, LIST_B, tempDir, writeList } from './fictional-lists';
import type { MatrixDeps, Who } from '../support/matrix';

/**
 * Access-matrix rows for /api/v1/sanctions/*. Written out by hand: sanctions lists are published data
 * about listed persons and bodies, so every signed-in role reads them (analyst included); importing and
 * review decisions are for writers (admin, editor). Anonymous callers get 401 everywhere.
 * Fixture: the FICTIONAL lists of fictional-lists.ts, imported once and resolved.
 */
const WRITERS = new Set<Who>(['admin', 'editor', 'author']);

export function sanctionsMatrix(d: MatrixDeps): Record<string, (who: Who) => Promise<void>> {
  let fixture: { clusterId: string; pairId: string } | undefined;
  async function lists() {
    if (fixture) return fixture;
    const ctx = d.ctx();
    const dir = tempDir();
    try {
      await importSanctionsFile(
        ctx.db,
        ctx.engine,
        writeList(dir, 'mtx-ca-2026-01-02.ftm.jsonl', 'test_fictional_ca', LIST_A),
      );
      await importSanctionsFile(
        ctx.db,
        ctx.engine,
        writeList(dir, 'mtx-gb-2026-01-03.ftm.jsonl', 'test_fictional_gb', LIST_B),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await runResolution(ctx.db, ctx.engine);
    const cluster = await ctx.db
      .selectFrom('sanctions_clusters')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const pair = await ctx.db
      .selectFrom('sanctions_review_pairs')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    fixture = { clusterId: cluster.id, pairId: pair.id };
    return fixture;
  }

  /** 401 for anonymous; true when the caller may read. */
  const reader = (who: Who, res: Parameters<MatrixDeps['expectError']>[0]): boolean => {
    if (who === 'anonymous') {
      d.expectError(res, 401, 'UNAUTHENTICATED');
      return false;
    }
    expect(res.statusCode).toBe(200);
    return true;
  };
  const writer = (who: Who, res: Parameters<MatrixDeps['expectError']>[0]): boolean => {
    if (who === 'anonymous') {
      d.expectError(res, 401, 'UNAUTHENTICATED');
      return false;
    }
    if (!WRITERS.has(who)) {
      d.expectError(res, 403, 'FORBIDDEN');
      return false;
    }
    return true;
  };

  return {
    'GET /api/v1/sanctions/lists': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/lists');
      if (reader(who, res)) expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(2);
    },
    'GET /api/v1/sanctions/snapshots': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/snapshots');
      if (reader(who, res)) expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(2);
    },
    'GET /api/v1/sanctions/regimes': async (who) => {
      const res = await d.call(who, 'GET', '/api/v1/sanctions/regimes');
      if (reader(who, res)) expect(res.json<{ items: unknown[] }>().items.length).toBeGreaterThan(50);
    },
    'GET /api/v1/sanctions/alignment/summary': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/alignment/summary');
      if (reader(who, res)) expect(res.json<{ clusters: number }>().clusters).toBeGreaterThan(0);
    },
    'GET /api/v1/sanctions/alignment/gaps': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/alignment/gaps?kind=belarus-only&limit=5');
      if (reader(who, res)) expect(res.json<{ total: number }>().total).toBeGreaterThan(0);
    },
    'GET /api/v1/sanctions/alignment/export': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/alignment/export?format=csv');
      if (reader(who, res)) expect(res.body).toContain('cluster_id,name,schema,kind');
    },
    'GET /api/v1/sanctions/targets/:clusterId': async (who) => {
      const { clusterId } = await lists();
      const res = await d.call(who, 'GET', `/api/v1/sanctions/targets/${clusterId}`);
      if (reader(who, res)) expect(res.json<{ id: string }>().id).toBe(clusterId);
    },
    'GET /api/v1/sanctions/review': async (who) => {
      await lists();
      const res = await d.call(who, 'GET', '/api/v1/sanctions/review?status=all');
      if (reader(who, res)) expect(res.json<{ total: number }>().total).toBeGreaterThan(0);
    },
    'POST /api/v1/sanctions/review/:id/decision': async (who) => {
      const { pairId } = await lists();
      // "unsure" keeps the pair in the queue, so every writer in the matrix can decide it in turn.
      const res = await d.call(who, 'POST', `/api/v1/sanctions/review/${pairId}/decision`, {
        decision: 'unsure',
      });
      if (writer(who, res)) expect(res.json()).toEqual({ id: pairId, decision: 'unsure', clusterId: null });
    },
    'POST /api/v1/sanctions/imports': async (who) => {
      // A JSON body is not an upload: writers get past the permission check and are told so.
      const res = await d.call(who, 'POST', '/api/v1/sanctions/imports', { not: 'a file' });
      if (writer(who, res)) d.expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  };
}
