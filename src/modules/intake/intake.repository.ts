import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DB } from '../../core/db/database';
import type {
  IntakeFilesTable,
  IntakeLinksTable,
  IntakeMessageKeysTable,
  IntakeMessagesTable,
  IntakeQuestionnairesTable,
  IntakeRecipientsTable,
  IntakeStatus,
  IntakeSubmissionsTable,
} from '../../core/db/schema-intake';

export type SubmissionRow = Selectable<IntakeSubmissionsTable>;
export type MessageRow = Selectable<IntakeMessagesTable>;
export type FileRow = Selectable<IntakeFilesTable>;
export type RecipientRow = Selectable<IntakeRecipientsTable>;
export type LinkRow = Selectable<IntakeLinksTable>;

/** All SQL of the secure channel. */
export class IntakeRepository {
  // ---- recipients ----
  activeRecipients(db: DB): Promise<Array<{ id: string; public_key: string }>> {
    return db
      .selectFrom('intake_recipients')
      .innerJoin('users', 'users.id', 'intake_recipients.user_id')
      .select(['intake_recipients.id', 'intake_recipients.public_key'])
      .where('intake_recipients.status', '=', 'active')
      .where('users.disabled', '=', 0)
      .orderBy('intake_recipients.id')
      .execute();
  }

  activeRecipientOf(db: DB, userId: string): Promise<RecipientRow | undefined> {
    return db
      .selectFrom('intake_recipients')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  findRecipient(db: DB, id: string): Promise<RecipientRow | undefined> {
    return db.selectFrom('intake_recipients').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listRecipients(db: DB) {
    return db
      .selectFrom('intake_recipients')
      .innerJoin('users', 'users.id', 'intake_recipients.user_id')
      .select([
        'intake_recipients.id',
        'intake_recipients.user_id',
        'users.username',
        'intake_recipients.public_key',
        'intake_recipients.status',
        'intake_recipients.created_at',
        'intake_recipients.revoked_at',
      ])
      .orderBy('intake_recipients.created_at')
      .execute();
  }

  async insertRecipient(db: DB, row: Insertable<IntakeRecipientsTable>): Promise<void> {
    await db.insertInto('intake_recipients').values(row).execute();
  }

  async updateRecipient(db: DB, id: string, set: Updateable<IntakeRecipientsTable>): Promise<void> {
    await db.updateTable('intake_recipients').set(set).where('id', '=', id).execute();
  }

  async deleteKeysHeldBy(db: DB, holder: string): Promise<void> {
    await db.deleteFrom('intake_message_keys').where('holder', '=', holder).execute();
  }

  keysHeldBy(db: DB, holder: string): Promise<Array<Selectable<IntakeMessageKeysTable>>> {
    return db.selectFrom('intake_message_keys').selectAll().where('holder', '=', holder).execute();
  }

  /** Which of these staff sessions still exist and have not expired (the key vault's sweep). */
  async liveSessionIds(db: DB, ids: string[], now: string): Promise<string[]> {
    const rows = await db
      .selectFrom('sessions')
      .select('id')
      .where('id', 'in', ids)
      .where('expires_at', '>', now)
      .execute();
    return rows.map((r) => r.id);
  }

  // ---- questionnaires ----
  activeQuestionnaire(db: DB, slug?: string) {
    let q = db.selectFrom('intake_questionnaires').selectAll().where('active', '=', 1);
    if (slug) q = q.where('slug', '=', slug);
    return q.orderBy('slug').executeTakeFirst();
  }

  async countQuestionnaires(db: DB): Promise<number> {
    const r = await db
      .selectFrom('intake_questionnaires')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async insertQuestionnaire(db: DB, row: Insertable<IntakeQuestionnairesTable>): Promise<void> {
    // Two first requests at once may both insert: the second one's conflict is harmless.
    await db
      .insertInto('intake_questionnaires')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  listQuestionnaires(db: DB) {
    return db.selectFrom('intake_questionnaires').selectAll().orderBy('slug').execute();
  }

  /** Replaces the definition of the questionnaire with this slug, or adds it. */
  async upsertQuestionnaire(db: DB, row: Insertable<IntakeQuestionnairesTable>): Promise<void> {
    await db
      .insertInto('intake_questionnaires')
      .values(row)
      .onConflict((oc) =>
        oc.column('slug').doUpdateSet({
          definition: row.definition,
          active: row.active,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  // ---- submissions ----
  async insertSubmission(db: DB, row: Insertable<IntakeSubmissionsTable>): Promise<void> {
    await db.insertInto('intake_submissions').values(row).execute();
  }

  getSubmission(db: DB, id: string): Promise<SubmissionRow | undefined> {
    return db.selectFrom('intake_submissions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byReceiptIndex(db: DB, index: string): Promise<SubmissionRow[]> {
    return db.selectFrom('intake_submissions').selectAll().where('receipt_index', '=', index).execute();
  }

  listSubmissions(
    db: DB,
    f: { status?: IntakeStatus | undefined; assignedTo?: string | undefined; tag?: string | undefined },
    limit: number,
    offset: number,
  ): Promise<SubmissionRow[]> {
    let q = db.selectFrom('intake_submissions').selectAll();
    if (f.status) q = q.where('status', '=', f.status);
    if (f.assignedTo) q = q.where('assigned_to', '=', f.assignedTo);
    // Tags are a JSON array of short codes; the quoted form cannot match inside another tag.
    if (f.tag) q = q.where('tags', 'like', `%${JSON.stringify(f.tag)}%`);
    return q.orderBy('received_on', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  }

  async updateSubmission(db: DB, id: string, set: Updateable<IntakeSubmissionsTable>): Promise<void> {
    await db.updateTable('intake_submissions').set(set).where('id', '=', id).execute();
  }

  expiredIds(db: DB, day: string): Promise<Array<{ id: string }>> {
    return db
      .selectFrom('intake_submissions')
      .select('id')
      .where('keep', '=', 0)
      .where('expires_on', 'is not', null)
      .where('expires_on', '<', day)
      .execute();
  }

  /** Keys first: once they are gone, any copy of the ciphertext left behind is unreadable. */
  async deleteSubmission(db: DB, id: string): Promise<void> {
    const messageIds = db.selectFrom('intake_messages').select('id').where('submission_id', '=', id);
    await db.deleteFrom('intake_message_keys').where('message_id', 'in', messageIds).execute();
    await db.deleteFrom('intake_links').where('submission_id', '=', id).execute();
    await db.deleteFrom('intake_files').where('submission_id', '=', id).execute();
    await db.deleteFrom('intake_messages').where('submission_id', '=', id).execute();
    await db.deleteFrom('intake_submissions').where('id', '=', id).execute();
  }

  // ---- messages, keys, files ----
  async insertMessage(db: DB, row: Insertable<IntakeMessagesTable>): Promise<void> {
    await db.insertInto('intake_messages').values(row).execute();
  }

  async nextSeq(db: DB, submissionId: string): Promise<number> {
    const r = await db
      .selectFrom('intake_messages')
      .select((eb) => eb.fn.max('seq').as('m'))
      .where('submission_id', '=', submissionId)
      .executeTakeFirst();
    return Number(r?.m ?? 0) + 1;
  }

  async insertKeys(db: DB, rows: Array<Insertable<IntakeMessageKeysTable>>): Promise<void> {
    if (rows.length) await db.insertInto('intake_message_keys').values(rows).execute();
  }

  async updateSealedKey(db: DB, messageId: string, holder: string, sealed: string): Promise<void> {
    await db
      .updateTable('intake_message_keys')
      .set({ sealed_key: sealed })
      .where('message_id', '=', messageId)
      .where('holder', '=', holder)
      .execute();
  }

  messages(db: DB, submissionId: string): Promise<MessageRow[]> {
    return db
      .selectFrom('intake_messages')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('seq')
      .execute();
  }

  async keysFor(db: DB, submissionId: string, holder: string): Promise<Map<string, string>> {
    const rows = await db
      .selectFrom('intake_message_keys')
      .innerJoin('intake_messages', 'intake_messages.id', 'intake_message_keys.message_id')
      .select(['intake_message_keys.message_id', 'intake_message_keys.sealed_key'])
      .where('intake_messages.submission_id', '=', submissionId)
      .where('intake_message_keys.holder', '=', holder)
      .execute();
    return new Map(rows.map((r) => [r.message_id, r.sealed_key]));
  }

  async insertFile(db: DB, row: Insertable<IntakeFilesTable>): Promise<void> {
    await db.insertInto('intake_files').values(row).execute();
  }

  files(db: DB, submissionId: string): Promise<FileRow[]> {
    return db
      .selectFrom('intake_files')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('created_on')
      .orderBy('id')
      .execute();
  }

  // ---- links ----
  async insertLink(db: DB, row: Insertable<IntakeLinksTable>): Promise<void> {
    await db.insertInto('intake_links').values(row).execute();
  }

  links(db: DB, submissionId: string): Promise<LinkRow[]> {
    return db
      .selectFrom('intake_links')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .orderBy('created_at')
      .execute();
  }
}
