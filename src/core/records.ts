import { can, type Actor } from './access';
import type { AppContext } from './context';
import type { DB } from './db/database';
import type { Tier } from './db/schema';
import { AppError } from './errors';
import { grantRecord, hasRecordGrant, userExists } from './records.repository';
import { nowIso } from './time';

/**
 * Names another reader of a record the actor can see (record_grants), and audits it, in one transaction.
 * The record must be visible to the actor (NOT_FOUND otherwise, as for a missing one). Admins manage grants;
 * otherwise naming a reader is a write: a writer already named on the record may share it, while a
 * read-only role holding a grant may read the record, not share it.
 */
export async function grantReader(
  ctx: AppContext,
  actor: Actor,
  record: {
    entityType: string;
    id: string;
    action: string;
    findVisible: (trx: DB) => Promise<{ tier: Tier } | undefined>;
  },
  userId: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await record.findVisible(trx);
    if (!row) throw new AppError('NOT_FOUND');
    const mayShare =
      can(actor, 'records:write') && (await hasRecordGrant(trx, record.entityType, actor.id, record.id));
    if (!can(actor, 'grants:manage') && !mayShare) throw new AppError('FORBIDDEN');
    // Checked here rather than left to the foreign key, which would surface as a 500.
    if (!(await userExists(trx, userId)))
      throw new AppError('VALIDATION_FAILED', 'No such user.', [
        { path: 'body.userId', message: 'no such user' },
      ]);
    await grantRecord(trx, record.entityType, record.id, userId, actor.id, nowIso());
    await ctx.audit.append(trx, {
      actorId: actor.id,
      action: record.action,
      entityType: record.entityType,
      entityId: record.id,
      tier: row.tier,
      detail: { userId },
    });
  });
}
