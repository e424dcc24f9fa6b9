import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Accountability: perpetrators (names blind-indexed like registry names), their positions over time, their
 * links to registry cases and violations; the evidence locker (encrypted content-addressed blobs, items with
 * consent, links to records) and the instance signing key for case-file packages.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const tierCheck = (col: string) => sql`${sql.ref(col)} in ('public','internal','confidential','sealed')`;

  await db.schema
    .createTable('perpetrators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('notes_enc', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('perpetrators_tier', tierCheck('tier'))
    .execute();
  await db.schema.createIndex('perpetrators_tier').on('perpetrators').column('tier').execute();

  await db.schema
    .createTable('perpetrator_names')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('perpetrators.id').onDelete('cascade'))
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('value_enc', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('perpetrator_names_script', sql`script in ('be','ru','latn','other')`)
    .addCheckConstraint('perpetrator_names_kind', sql`kind in ('primary','alias')`)
    .execute();
  await db.schema
    .createIndex('perpetrator_names_owner')
    .on('perpetrator_names')
    .column('perpetrator_id')
    .execute();

  await db.schema
    .createTable('perpetrator_name_tokens')
    .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('perpetrators.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('perpetrator_name_tokens_pk', ['token', 'perpetrator_id'])
    .execute();
  await db.schema
    .createIndex('perpetrator_name_tokens_owner')
    .on('perpetrator_name_tokens')
    .column('perpetrator_id')
    .execute();

  await db.schema
    .createTable('perpetrator_positions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('perpetrators.id').onDelete('cascade'))
    .addColumn('institution', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text')
    .addColumn('to_on', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('perpetrator_positions_owner')
    .on('perpetrator_positions')
    .column('perpetrator_id')
    .execute();

  await db.schema
    .createTable('violations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text')
    .addColumn('occurred_until', 'text')
    .addColumn('place', 'text')
    .addColumn('description_enc', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('violations_tier', tierCheck('tier'))
    .execute();
  await db.schema.createIndex('violations_tier_type').on('violations').columns(['tier', 'type']).execute();

  await db.schema
    .createTable('violation_victims')
    .addColumn('violation_id', 'text', (c) => c.notNull().references('violations.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('violation_victims_pk', ['violation_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('violation_victims_person')
    .on('violation_victims')
    .column('person_id')
    .execute();

  // target_id points to cases or violations, so it carries no foreign key; deletes clean links up.
  await db.schema
    .createTable('perpetrator_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('perpetrator_id', 'text', (c) => c.notNull().references('perpetrators.id').onDelete('cascade'))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('perpetrator_links_target', sql`target_type in ('case','violation')`)
    .execute();
  await db.schema
    .createIndex('perpetrator_links_owner')
    .on('perpetrator_links')
    .column('perpetrator_id')
    .execute();
  await db.schema
    .createIndex('perpetrator_links_target')
    .on('perpetrator_links')
    .columns(['target_type', 'target_id'])
    .execute();

  await db.schema
    .createTable('evidence_blobs')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('key_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evidence_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title_enc', 'text', (c) => c.notNull())
    .addColumn('file_name_enc', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('original_id', 'text', (c) => c.references('evidence_items.id'))
    .addColumn('derivation', 'text')
    .addColumn('blob_address', 'text', (c) => c.notNull().references('evidence_blobs.address'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('captured_at', 'text')
    .addColumn('captured_place_enc', 'text')
    .addColumn('collected_by', 'text')
    .addColumn('collected_from_enc', 'text')
    .addColumn('language', 'text')
    .addColumn('notes_enc', 'text')
    .addColumn('consent', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('consent_recorded_by', 'text', (c) => c.notNull())
    .addColumn('consent_recorded_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('evidence_items_tier', tierCheck('tier'))
    .addCheckConstraint(
      'evidence_items_derivation',
      sql`(original_id is null and derivation is null) or (original_id is not null and derivation in ('redacted','translated'))`,
    )
    .execute();
  await db.schema.createIndex('evidence_items_original').on('evidence_items').column('original_id').execute();

  await db.schema
    .createTable('evidence_links')
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence_items.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_links_pk', ['evidence_id', 'entity_type', 'entity_id'])
    .addCheckConstraint(
      'evidence_links_type',
      sql`entity_type in ('person','case','violation','perpetrator')`,
    )
    .execute();
  await db.schema
    .createIndex('evidence_links_entity')
    .on('evidence_links')
    .columns(['entity_type', 'entity_id'])
    .execute();

  await db.schema
    .createTable('instance_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull().unique())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'instance_keys',
    'evidence_links',
    'evidence_items',
    'evidence_blobs',
    'perpetrator_links',
    'violation_victims',
    'violations',
    'perpetrator_positions',
    'perpetrator_name_tokens',
    'perpetrator_names',
    'perpetrators',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
