import { visibleTo, type Actor } from '../../core/access';
import type { DB } from '../../core/db/database';
import { grantRecord, updateVersioned } from '../../core/records.repository';
import type { AuditRow } from '../../core/db/schema';
import type {
  EvidenceBlobsTable,
  EvidenceItemsTable,
  EvidenceLinksTable,
} from '../../core/db/schema-accountability';

export const EVIDENCE_ENTITY = 'evidence';
export const CUSTODY_ACTIONS = [
  'evidence.received',
  'evidence.viewed',
  'evidence.copied',
  'evidence.exported',
  'evidence.transferred',
] as const;

/** All SQL of the evidence locker. Every read of an item goes through visibleTo. */
export class EvidenceRepository {
  async list(
    db: DB,
    actor: Actor,
    filter: { entityType?: string | undefined; entityId?: string | undefined; limit: number; offset: number },
  ): Promise<{ rows: EvidenceItemsTable[]; total: number }> {
    let base = db.selectFrom('evidence_items').where(visibleTo(actor, EVIDENCE_ENTITY, 'evidence_items'));
    if (filter.entityType && filter.entityId) {
      const { entityType, entityId } = filter;
      base = base.where((eb) =>
        eb.exists(
          eb
            .selectFrom('evidence_links as l')
            .select('l.evidence_id')
            .whereRef('l.evidence_id', '=', 'evidence_items.id')
            .where('l.entity_type', '=', entityType as EvidenceLinksTable['entity_type'])
            .where('l.entity_id', '=', entityId),
        ),
      );
    }
    const rows = await base
      .selectAll('evidence_items')
      .orderBy('evidence_items.created_at', 'desc')
      .orderBy('evidence_items.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(count.n) };
  }

  visible(db: DB, actor: Actor, ids: readonly string[]): Promise<EvidenceItemsTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('evidence_items')
      .selectAll('evidence_items')
      .where('evidence_items.id', 'in', [...new Set(ids)])
      .where(visibleTo(actor, EVIDENCE_ENTITY, 'evidence_items'))
      .orderBy('evidence_items.created_at')
      .orderBy('evidence_items.id')
      .execute();
  }

  /** Visible items linked to any of the given records. */
  async visibleLinkedTo(
    db: DB,
    actor: Actor,
    refs: ReadonlyArray<{ entityType: EvidenceLinksTable['entity_type']; ids: readonly string[] }>,
  ): Promise<EvidenceItemsTable[]> {
    const ids = new Set<string>();
    for (const r of refs) {
      if (r.ids.length === 0) continue;
      const rows = await db
        .selectFrom('evidence_links')
        .select('evidence_id')
        .where('entity_type', '=', r.entityType)
        .where('entity_id', 'in', [...new Set(r.ids)])
        .execute();
      for (const row of rows) ids.add(row.evidence_id);
    }
    return this.visible(db, actor, [...ids]);
  }

  linksOf(db: DB, ids: readonly string[]): Promise<EvidenceLinksTable[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('evidence_links')
      .selectAll()
      .where('evidence_id', 'in', [...new Set(ids)])
      .execute();
  }

  async replaceLinks(
    db: DB,
    id: string,
    links: ReadonlyArray<Omit<EvidenceLinksTable, 'evidence_id'>>,
  ): Promise<void> {
    await db.deleteFrom('evidence_links').where('evidence_id', '=', id).execute();
    const seen = new Set<string>();
    const rows = links
      .filter(
        (l) => !seen.has(`${l.entity_type}:${l.entity_id}`) && seen.add(`${l.entity_type}:${l.entity_id}`),
      )
      .map((l) => ({ evidence_id: id, ...l }));
    if (rows.length > 0) await db.insertInto('evidence_links').values(rows).execute();
  }

  blob(db: DB, address: string): Promise<EvidenceBlobsTable | undefined> {
    return db.selectFrom('evidence_blobs').selectAll().where('address', '=', address).executeTakeFirst();
  }

  /** The stored blobs at the given addresses, in one query (any order). */
  blobs(db: DB, addresses: readonly string[]): Promise<EvidenceBlobsTable[]> {
    if (addresses.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('evidence_blobs')
      .selectAll()
      .where('address', 'in', [...new Set(addresses)])
      .execute();
  }

  /** Stored blobs in address order, a page at a time (for the integrity sweep). */
  blobsAfter(db: DB, after: string, limit: number): Promise<EvidenceBlobsTable[]> {
    return db
      .selectFrom('evidence_blobs')
      .selectAll()
      .where('address', '>', after)
      .orderBy('address')
      .limit(limit)
      .execute();
  }

  /** Every item (of any tier) stored at the given addresses, with the hash each item recorded. */
  itemsAt(
    db: DB,
    addresses: readonly string[],
  ): Promise<Array<Pick<EvidenceItemsTable, 'id' | 'blob_address' | 'sha256' | 'size'>>> {
    if (addresses.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('evidence_items')
      .select(['id', 'blob_address', 'sha256', 'size'])
      .where('blob_address', 'in', [...new Set(addresses)])
      .orderBy('id')
      .execute();
  }

  async insertBlob(db: DB, row: EvidenceBlobsTable): Promise<void> {
    await db
      .insertInto('evidence_blobs')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async insertItem(db: DB, row: EvidenceItemsTable): Promise<void> {
    await db.insertInto('evidence_items').values(row).execute();
  }

  updateItem(db: DB, id: string, version: number, patch: Partial<EvidenceItemsTable>): Promise<boolean> {
    return updateVersioned(db, 'evidence_items', id, version, patch);
  }

  /** The creator of a sealed item is granted it, so that they can still read what they stored. */
  async grant(db: DB, id: string, userId: string, at: string): Promise<void> {
    await grantRecord(db, EVIDENCE_ENTITY, id, userId, userId, at);
  }

  /** The chain of custody is the item's part of the tamper-evident audit log. */
  custody(db: DB, ids: readonly string[]): Promise<AuditRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', EVIDENCE_ENTITY)
      .where('entity_id', 'in', [...new Set(ids)])
      .where('action', 'in', [...CUSTODY_ACTIONS])
      .orderBy('seq')
      .execute();
  }

  async usernames(db: DB, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.username]));
  }
}
