import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Sanctions lists: datasets, their dated snapshots and the targets of each snapshot with names,
 * identifiers, birth dates, countries, addresses and listings; clusters across lists, the review queue
 * and review decisions. Child tables cascade from targets so that dropping a snapshot is one delete.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('sanctions_datasets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text')
    // No foreign key: snapshots reference datasets, and a cycle would complicate restore order.
    .addColumn('latest_snapshot_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sanctions_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('sanctions_datasets.id'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('snapshot_date', 'text', (c) => c.notNull())
    .addColumn('snapshot_date_source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'integer', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addCheckConstraint(
      'sanctions_snapshots_date_source',
      sql`snapshot_date_source in ('file','file-name','import-day')`,
    )
    .execute();
  await db.schema
    .createIndex('sanctions_snapshots_dataset')
    .on('sanctions_snapshots')
    .columns(['dataset_id', 'imported_at'])
    .execute();

  await db.schema
    .createTable('sanctions_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('snapshot_id', 'text', (c) =>
      c.notNull().references('sanctions_snapshots.id').onDelete('cascade'),
    )
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('schema', 'text', (c) => c.notNull())
    .addColumn('primary_name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('remarks', 'text')
    .addColumn('belarus_linked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('names_hash', 'text', (c) => c.notNull())
    .execute();
  // Not unique: a list may (rarely) repeat an id; the importer keeps every record.
  await db.schema
    .createIndex('sanctions_targets_snapshot_source')
    .on('sanctions_targets')
    .columns(['snapshot_id', 'source_id'])
    .execute();

  const child = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('target_id', 'text', (c) =>
        c.notNull().references('sanctions_targets.id').onDelete('cascade'),
      );

  await child('sanctions_names')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('script', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sanctions_names_pk', ['target_id', 'position'])
    .execute();

  await child('sanctions_identifiers')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('value_key', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addPrimaryKeyConstraint('sanctions_identifiers_pk', ['target_id', 'position'])
    .execute();
  await db.schema
    .createIndex('sanctions_identifiers_key')
    .on('sanctions_identifiers')
    .column('value_key')
    .execute();

  await child('sanctions_birth_dates')
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sanctions_birth_dates_pk', ['target_id', 'value'])
    .execute();

  await child('sanctions_countries')
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sanctions_countries_pk', ['target_id', 'relation', 'country'])
    .execute();

  await child('sanctions_addresses')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addPrimaryKeyConstraint('sanctions_addresses_pk', ['target_id', 'position'])
    .execute();

  await child('sanctions_listings')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('programme', 'text', (c) => c.notNull())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('regime', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text')
    .addColumn('listed_on', 'text')
    .addPrimaryKeyConstraint('sanctions_listings_pk', ['target_id', 'position'])
    .addCheckConstraint('sanctions_listings_regime', sql`regime in ('Belarus','Russia','other')`)
    .execute();

  await db.schema
    .createTable('sanctions_clusters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('schema', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('belarus_linked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sanctions_cluster_members')
    .addColumn('member_key', 'text', (c) => c.primaryKey())
    .addColumn('cluster_id', 'text', (c) =>
      c.notNull().references('sanctions_clusters.id').onDelete('cascade'),
    )
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('score', 'real')
    .execute();
  await db.schema
    .createIndex('sanctions_cluster_members_cluster')
    .on('sanctions_cluster_members')
    .column('cluster_id')
    .execute();

  await db.schema
    .createTable('sanctions_review_pairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_a', 'text', (c) => c.notNull())
    .addColumn('member_b', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sanctions_review_pairs_pair', ['member_a', 'member_b'])
    .execute();

  await db.schema
    .createTable('sanctions_review_decisions')
    .addColumn('member_a', 'text', (c) => c.notNull())
    .addColumn('member_b', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sanctions_review_decisions_pk', ['member_a', 'member_b'])
    .addCheckConstraint('sanctions_review_decisions_decision', sql`decision in ('accept','reject','unsure')`)
    .execute();
  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'sanctions_review_decisions',
    'sanctions_review_pairs',
    'sanctions_cluster_members',
    'sanctions_clusters',
    'sanctions_listings',
    'sanctions_addresses',
    'sanctions_countries',
    'sanctions_birth_dates',
    'sanctions_identifiers',
    'sanctions_names',
    'sanctions_targets',
    'sanctions_snapshots',
    'sanctions_datasets',
  ])
    await db.schema.dropTable(t).execute();
}
