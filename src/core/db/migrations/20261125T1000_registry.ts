import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against any schema version */

/**
 * Political-prisoner registry: one person, many criminal cases (the public lists' "person × case" rows).
 * Identity fields of persons who have not consented to publication are stored encrypted; name search goes
 * through a keyed blind index (person_name_tokens) so the database never holds those names in clear.
 */
export async function up(db: Kysely<any>, engine: Engine): Promise<void> {
  const tierCheck = (col: string) => sql`${sql.ref(col)} in ('public','internal','confidential','sealed')`;

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consent', 'text', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('identity_tier', 'text', (c) => c.notNull())
    .addColumn('ref_code', 'text', (c) => c.notNull().unique())
    .addColumn('birth_year', 'integer')
    .addColumn('birth_date_enc', 'text')
    .addColumn('gender', 'text')
    .addColumn('region', 'text')
    .addColumn('groups', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description_enc', 'text')
    .addColumn('health_notes_enc', 'text')
    .addColumn('photo_file', 'text')
    .addColumn('current_status', 'text')
    .addColumn('current_status_on', 'text')
    .addColumn('recognised_on', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('persons.id'))
    .addColumn('external_ids', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('persons_consent', sql`consent in ('public','anonymised','confidential','sealed')`)
    .addCheckConstraint('persons_tier', tierCheck('tier'))
    .addCheckConstraint('persons_identity_tier', tierCheck('identity_tier'))
    .addCheckConstraint('persons_gender', sql`gender is null or gender in ('male','female','other')`)
    .execute();
  await db.schema
    .createIndex('persons_tier_status')
    .on('persons')
    .columns(['tier', 'current_status'])
    .execute();
  await db.schema.createIndex('persons_region').on('persons').column('region').execute();
  await db.schema.createIndex('persons_merged').on('persons').column('merged_into').execute();

  // Names: clear text only when the identity tier is public; otherwise value_enc holds it.
  await db.schema
    .createTable('person_names')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addColumn('value_enc', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('person_names_script', sql`script in ('be','ru','latn','other')`)
    .addCheckConstraint('person_names_kind', sql`kind in ('primary','alias')`)
    .execute();
  await db.schema.createIndex('person_names_person').on('person_names').column('person_id').execute();

  // Keyed blind index: HMAC of normalised name tokens and their prefixes.
  await db.schema
    .createTable('person_name_tokens')
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_name_tokens_pk', ['token', 'person_id'])
    .execute();
  await db.schema
    .createIndex('person_name_tokens_person')
    .on('person_name_tokens')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('case_number', 'text')
    .addColumn('detained_on', 'text')
    .addColumn('court', 'text')
    .addColumn('judge', 'text')
    .addColumn('prosecutor', 'text')
    .addColumn('verdict_on', 'text')
    .addColumn('sentence_months', 'integer')
    .addColumn('penalty', 'text')
    .addColumn('regime', 'text')
    .addColumn('appeal_on', 'text')
    .addColumn('appeal_result', 'text')
    .addColumn('facility', 'text')
    .addColumn('incommunicado', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('cases_tier', tierCheck('tier'))
    .execute();
  await db.schema.createIndex('cases_person').on('cases').column('person_id').execute();
  await db.schema.createIndex('cases_court').on('cases').column('court').execute();
  await db.schema.createIndex('cases_judge').on('cases').column('judge').execute();
  await db.schema.createIndex('cases_facility').on('cases').column('facility').execute();
  await db.schema.createIndex('cases_detained').on('cases').column('detained_on').execute();

  await db.schema
    .createTable('case_articles')
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id').onDelete('cascade'))
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('case_articles_pk', ['case_id', 'article'])
    .execute();
  await db.schema.createIndex('case_articles_article').on('case_articles').column('article').execute();

  await db.schema
    .createTable('release_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reported_count', 'integer')
    .addColumn('source_id', 'text', (c) => c.references('sources.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'release_events_kind',
      sql`kind in ('pardon','end_of_term','exchange','deportation','amnesty','other')`,
    )
    .execute();

  await db.schema
    .createTable('status_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('release_event_id', 'text', (c) => c.references('release_events.id'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'status_events_status',
      sql`status in ('detained','sentenced','released_pardon','released_end_of_term','released_exchange','released_deportation','released_other','died_in_custody','forced_exile')`,
    )
    .execute();
  await db.schema
    .createIndex('status_events_person')
    .on('status_events')
    .columns(['person_id', 'occurred_on'])
    .execute();
  await db.schema
    .createIndex('status_events_status_date')
    .on('status_events')
    .columns(['status', 'occurred_on'])
    .execute();

  await db.schema
    .createTable('recognitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('recognised_by', 'text', (c) => c.notNull())
    .addColumn('recognised_on', 'text', (c) => c.notNull())
    .addColumn('statement_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('recognitions_person').on('recognitions').column('person_id').execute();
  await db.schema.createIndex('recognitions_date').on('recognitions').column('recognised_on').execute();

  // "Sources for every fact": any registry row (or one of its fields) may cite any number of sources.
  await db.schema
    .createTable('fact_sources')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
    .addPrimaryKeyConstraint('fact_sources_pk', ['entity_type', 'entity_id', 'field', 'source_id'])
    .execute();

  await db.schema
    .createTable('published_figures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value_text', 'text', (c) => c.notNull())
    .addColumn('value', 'integer')
    .addColumn('source_org', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('quote', 'text')
    .addUniqueConstraint('published_figures_unique', ['as_of', 'metric', 'source_url'])
    .execute();

  await db.schema
    .createTable('saved_filters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A merge keeps the full pre-merge state of the merged person (encrypted) so that it can be undone.
  await db.schema
    .createTable('person_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survivor_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('merged_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('snapshot_enc', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    .addColumn('reverted_by', 'text')
    .addColumn('reverted_at', 'text')
    .execute();

  await db.schema
    .createTable('duplicate_decisions')
    .addColumn('person_a', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('person_b', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_decisions_pk', ['person_a', 'person_b'])
    .addCheckConstraint('duplicate_decisions_decision', sql`decision in ('not_duplicate','merged')`)
    .execute();
  void engine;
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'duplicate_decisions',
    'person_merges',
    'saved_filters',
    'published_figures',
    'fact_sources',
    'recognitions',
    'status_events',
    'release_events',
    'case_articles',
    'cases',
    'person_name_tokens',
    'person_names',
    'persons',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
