import { z } from 'zod';
import type { AppContext } from '../context';
import { requirePermission } from '../http/guards';
import type { App } from '../http/types';
import { verifyAuditChain } from './audit.verify';

const auditQuery = z.object({
  action: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  beforeSeq: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const auditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  tier: z.string().nullable(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const verifyView = z.object({
  ok: z.boolean(),
  rows: z.number(),
  firstBadSeq: z.number().optional(),
  reason: z.string().optional(),
});

export function registerAuditRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'session' },
      schema: {
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditEntryView) }) },
      },
    },
    async (req) => {
      requirePermission(req, 'audit:read');
      const rows = await ctx.audit.list(ctx.db, req.query);
      const actorIds = [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => id !== null))];
      const byId = await ctx.audit.usernames(ctx.db, actorIds);
      return {
        items: rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorUsername: r.actor_id ? (byId.get(r.actor_id) ?? null) : null,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          tier: r.tier,
          outcome: r.outcome,
          detail: JSON.parse(r.detail) as Record<string, unknown>,
          hash: r.hash,
        })),
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    { config: { access: 'session' }, schema: { tags: ['audit'], response: { 200: verifyView } } },
    async (req) => {
      requirePermission(req, 'audit:read');
      return verifyAuditChain(ctx.db, ctx.audit);
    },
  );
}
