import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Secure channel (issue 7). Nothing here holds a source's words in clear: messages, file metadata and files
 * are encrypted to recipients' X25519 public keys (sealed per-message keys), replies to a source to a key
 * derived from the receipt. Source-side dates are day-rounded text (YYYY-MM-DD); there is no column for an
 * address, a user agent, a referrer or a precise time, so none can be stored by mistake. The default
 * questionnaire is inserted on first use, not here, so a fresh installation holds no data (restore needs that).
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('intake_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    // secretbox(secret key, Argon2id(password, salt)), then wrapped again by the keyring.
    .addColumn('secret_key_enc', 'text', (c) => c.notNull())
    .addColumn('kdf_salt', 'text', (c) => c.notNull())
    .addColumn('kdf_ops', 'integer', (c) => c.notNull())
    .addColumn('kdf_mem', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addCheckConstraint('intake_recipients_status', sql`status in ('active','revoked')`)
    .execute();
  await db.schema.createIndex('intake_recipients_user').on('intake_recipients').column('user_id').execute();

  await db.schema
    .createTable('intake_questionnaires')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('intake_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('intake_questionnaires.id'))
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('receipt_index', 'text', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.notNull())
    .addColumn('source_public_key', 'text', (c) => c.notNull())
    .addColumn('source_key_salt', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('assigned_to', 'text', (c) => c.references('users.id'))
    .addColumn('keep', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('last_activity_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('intake_submissions_path', sql`path in ('js','nojs')`)
    .addCheckConstraint('intake_submissions_status', sql`status in ('new','in_review','triaged','closed')`)
    .execute();
  await db.schema
    .createIndex('intake_submissions_receipt')
    .on('intake_submissions')
    .column('receipt_index')
    .execute();
  await db.schema
    .createIndex('intake_submissions_expiry')
    .on('intake_submissions')
    .columns(['keep', 'expires_on'])
    .execute();

  await db.schema
    .createTable('intake_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) =>
      c.notNull().references('intake_submissions.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addCheckConstraint('intake_messages_author', sql`author in ('source','staff')`)
    .execute();
  await db.schema
    .createIndex('intake_messages_submission')
    .on('intake_messages')
    .columns(['submission_id', 'seq'])
    .unique()
    .execute();

  // One row per (message, holder): the message key sealed to a recipient, to the escrow key or to the source.
  await db.schema
    .createTable('intake_message_keys')
    .addColumn('message_id', 'text', (c) => c.notNull().references('intake_messages.id').onDelete('cascade'))
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('sealed_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('intake_message_keys_pk', ['message_id', 'holder'])
    .execute();
  await db.schema
    .createIndex('intake_message_keys_holder')
    .on('intake_message_keys')
    .column('holder')
    .execute();

  await db.schema
    .createTable('intake_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) =>
      c.notNull().references('intake_submissions.id').onDelete('cascade'),
    )
    .addColumn('message_id', 'text', (c) => c.notNull().references('intake_messages.id').onDelete('cascade'))
    .addColumn('meta_enc', 'text', (c) => c.notNull())
    .addColumn('stored_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intake_files_submission').on('intake_files').column('submission_id').execute();

  await db.schema
    .createTable('intake_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) =>
      c.notNull().references('intake_submissions.id').onDelete('cascade'),
    )
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('custody', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intake_links_submission').on('intake_links').column('submission_id').execute();

  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'intake_links',
    'intake_files',
    'intake_message_keys',
    'intake_messages',
    'intake_submissions',
    'intake_questionnaires',
    'intake_recipients',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
