import { createHmac } from 'node:crypto';
import { visibleTo, type Actor } from '../../../core/access';
import type { Keyring } from '../../../core/crypto/keyring';
import type { DB } from '../../../core/db/database';
import type { PersonsTable, StatusEventsTable } from '../../../core/db/schema-registry';
import type { Tier } from '../../../core/db/schema';
import { identityEncrypted } from '../consent';
import { PERSON_ENTITY } from '../persons.repository';

/**
 * External ids (the list's person id) in persons.external_ids. For a published identity the id is stored
 * as is ({"viasna": "123"}); otherwise as a keyed hash ({"viasna#": "…"}): the id points to a public
 * page with the person's name, so in clear it would undo the encryption of that name in a stolen dump.
 */
export const EXTERNAL_SYSTEM = 'viasna';
const HASHED = `${EXTERNAL_SYSTEM}#`;
const keys = new WeakMap<Keyring, Buffer>();

export function externalIdHash(keyring: Keyring, id: string): string {
  let key = keys.get(keyring);
  if (!key) keys.set(keyring, (key = keyring.deriveKey('person-external-id-blind-index')));
  return createHmac('sha256', key).update(`${EXTERNAL_SYSTEM}:${id}`).digest('hex').slice(0, 32);
}

export function externalIdEntry(keyring: Keyring, identityTier: Tier, id: string): Record<string, string> {
  return identityEncrypted(identityTier)
    ? { [HASHED]: externalIdHash(keyring, id) }
    : { [EXTERNAL_SYSTEM]: id };
}

const parse = (s: string): Record<string, string> => {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
};

export class ImportRepository {
  /**
   * Visible, unmerged persons carrying one of the given list ids, keyed by that id. Persons the importer
   * may not see are not matched: a hidden record must not be revealed by an import report.
   */
  async byExternalIds(
    db: DB,
    actor: Actor,
    keyring: Keyring,
    ids: readonly string[],
  ): Promise<Map<string, PersonsTable>> {
    const out = new Map<string, PersonsTable>();
    if (ids.length === 0) return out;
    const byHash = new Map(ids.map((id) => [externalIdHash(keyring, id), id]));
    const wanted = new Set(ids);
    const rows = await db
      .selectFrom('persons')
      .selectAll()
      .where('persons.external_ids', 'like', `%"${EXTERNAL_SYSTEM}%`)
      .where('persons.merged_into', 'is', null)
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .execute();
    for (const row of rows) {
      const ext = parse(row.external_ids);
      const clear = ext[EXTERNAL_SYSTEM];
      const hashed = ext[HASHED];
      const id = clear && wanted.has(clear) ? clear : hashed ? byHash.get(hashed) : undefined;
      if (id && !out.has(id)) out.set(id, row);
    }
    return out;
  }

  statusEvents(db: DB, personId: string): Promise<Array<Pick<StatusEventsTable, 'status' | 'occurred_on'>>> {
    return db
      .selectFrom('status_events')
      .select(['status', 'occurred_on'])
      .where('person_id', '=', personId)
      .execute();
  }

  async caseCount(db: DB, personId: string): Promise<number> {
    const r = await db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async setStatus(
    db: DB,
    personId: string,
    status: PersonsTable['current_status'],
    on: string | null,
  ): Promise<void> {
    await db
      .updateTable('persons')
      .set({ current_status: status, current_status_on: on })
      .where('id', '=', personId)
      .execute();
  }
}
