import { sql } from 'kysely';
import type { DB, Engine } from '../db/database';
import type { AuditRow, Tier } from '../db/schema';
import { nowIso } from '../time';
import { chainHash, GENESIS_HASH } from './audit.chain';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType?: string | undefined;
  entityId?: string | undefined;
  tier?: Tier | undefined;
  outcome?: 'ok' | 'denied' | 'failed';
  /** Never personal values: field names, counts, formats. */
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

// Any constant works; it only has to be the same for every writer of the audit chain.
const AUDIT_LOCK_KEY = 7_346_001;

export class AuditRepository {
  constructor(private readonly engine: Engine) {}

  /**
   * Appends one entry inside the caller's transaction. On PostgreSQL an advisory lock serialises writers so
   * two transactions cannot both chain onto the same predecessor; SQLite has one writer at a time already.
   */
  async append(trx: DB, entry: AuditEntry): Promise<void> {
    if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    const head = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const fields = {
      seq,
      at: nowIso(),
      actor_id: entry.actorId,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId ?? null,
      tier: entry.tier ?? null,
      outcome: entry.outcome ?? 'ok',
      detail: JSON.stringify(entry.detail ?? {}),
    };
    const hash = chainHash(prevHash, fields);
    await trx
      .insertInto('audit_log')
      .values({ ...fields, prev_hash: prevHash, hash })
      .execute();
    if (head) {
      await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    } else {
      await trx.insertInto('audit_head').values({ id: 1, seq, hash }).execute();
    }
  }

  async list(db: DB, filter: AuditFilter): Promise<AuditRow[]> {
    let q = db.selectFrom('audit_log').selectAll();
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
    if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
    if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
    if (filter.outcome) q = q.where('outcome', '=', filter.outcome as AuditRow['outcome']);
    if (filter.from) q = q.where('at', '>=', filter.from);
    if (filter.to) q = q.where('at', '<=', filter.to);
    if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq);
    return q.orderBy('seq', 'desc').limit(filter.limit).execute();
  }

  /** Streams the log in order, a page at a time, so verifying a long log keeps memory flat. */
  async *scan(db: DB, pageSize = 5000): AsyncGenerator<AuditRow> {
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq', 'asc')
        .limit(pageSize)
        .execute();
      for (const row of rows) yield row;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  async usernames(db: DB, userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', userIds).execute();
    return new Map(rows.map((r) => [r.id, r.username]));
  }

  head(db: DB): Promise<{ seq: number; hash: string } | undefined> {
    return db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  }
}
