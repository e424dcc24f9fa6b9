import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import type { DB, Engine } from '../../core/db/database';
import type { Database } from '../../core/db/schema';
import { parseSanctionsFile, type ParseOptions } from './sanctions.parser';
import * as repo from './sanctions.repository';
import type { Regime, SanctionTarget } from './sanctions.types';
import { identifierKey, scriptOf } from './sanctions.normalise';

/**
 * One file → one dated snapshot of a dataset, in one transaction: the dataset row (created on first
 * import), the snapshot row, every target with its facts, and the dataset's latest-snapshot pointer.
 * Any error (unreadable file, parse error mid-way, database error) rolls all of it back, so the previous
 * snapshot stays the latest and nothing of the failed file remains.
 *
 * Snapshot date, in order: the date the file states (EU FSF `generationDate`); else a YYYY-MM-DD in the
 * file name (`us-ofac-sdn-2024-05-03.csv`; OFAC sdn.csv and FtM exports carry no date of their own);
 * else the UTC day of the import. `snapshot_date_source` records which one was used.
 *
 * Dataset name: --dataset, else what the file says (EU → eu_fsf, OFAC → us_ofac_sdn, FtM → the first
 * entity's `datasets[0]`, e.g. gb_fcdo_sanctions).
 */

export interface ImportOptions extends ParseOptions {
  dataset?: string;
  importedBy?: string | null;
  /** Name stored and reported for the file (defaults to the path's base name). */
  fileName?: string;
  now?: () => Date;
  /** Runs inside the import's transaction just before commit (the audit entry goes here). */
  beforeCommit?: (trx: Transaction<Database>, summary: ImportSummary) => Promise<void>;
}

export interface ImportDelta {
  previousSnapshotDate: string | null;
  added: number;
  /** Delistings: source ids in the previous snapshot and not in this one. */
  removed: number;
  changedNames: number;
}

export interface ImportSummary {
  dataset: string;
  format: string;
  snapshotDate: string;
  targets: number;
  byRegime: Record<Regime, number>;
  delta: ImportDelta;
  snapshotId: string;
  snapshotDateSource: 'file' | 'file-name' | 'import-day';
  bySchema: Record<string, number>;
  unknownProgrammes: Record<string, number>;
  skipped: Record<string, number>;
}

const DATE_IN_NAME = /(?:^|[^0-9])(\d{4}-\d{2}-\d{2})(?:[^0-9]|$)/;

export async function fileDigest(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export function namesHash(t: SanctionTarget): string {
  const names = t.names.map((n) => n.value.toLowerCase()).sort();
  return createHash('sha256').update(names.join('\u0000')).digest('hex').slice(0, 32);
}

export function isBelarusLinked(t: SanctionTarget): boolean {
  return (
    t.programmes.some((p) => p.regime === 'Belarus') ||
    t.nationalities.includes('BY') ||
    t.countries.includes('BY') ||
    t.addresses.some((a) => a.country === 'BY') ||
    t.identifiers.some((i) => i.country === 'BY')
  );
}

export function primaryName(t: SanctionTarget): string {
  return (t.names.find((n) => n.kind === 'primary') ?? t.names[0])?.value ?? t.sourceId;
}

/** Belarus and Russia include targets listed under both; other = neither (README convention). */
export function regimeGroups(t: SanctionTarget): Regime[] {
  const r = new Set(t.programmes.map((p) => p.regime));
  const out: Regime[] = [];
  if (r.has('Belarus')) out.push('Belarus');
  if (r.has('Russia')) out.push('Russia');
  if (out.length === 0) out.push('other');
  return out;
}

async function writeTarget(w: repo.BatchWriter, snapshotId: string, t: SanctionTarget): Promise<void> {
  const id = randomUUID();
  await w.add('sanctions_targets', {
    id,
    snapshot_id: snapshotId,
    source_id: t.sourceId,
    schema: t.schema,
    primary_name: primaryName(t),
    gender: t.gender ?? null,
    remarks: t.remarks ?? null,
    belarus_linked: isBelarusLinked(t) ? 1 : 0,
    names_hash: namesHash(t),
  });
  let i = 0;
  for (const n of t.names)
    await w.add('sanctions_names', {
      target_id: id,
      position: i++,
      value: n.value,
      kind: n.kind,
      lang: n.lang ?? null,
      script: scriptOf(n.value),
    });
  i = 0;
  for (const x of t.identifiers)
    await w.add('sanctions_identifiers', {
      target_id: id,
      position: i++,
      type: x.type,
      value: x.value,
      value_key: identifierKey(x.value),
      country: x.country ?? null,
    });
  for (const d of new Set(t.birthDates)) await w.add('sanctions_birth_dates', { target_id: id, value: d });
  for (const c of new Set(t.nationalities))
    await w.add('sanctions_countries', { target_id: id, relation: 'nationality', country: c });
  for (const c of new Set(t.countries))
    await w.add('sanctions_countries', { target_id: id, relation: 'country', country: c });
  i = 0;
  for (const a of t.addresses)
    await w.add('sanctions_addresses', {
      target_id: id,
      position: i++,
      text: a.text,
      country: a.country ?? null,
    });
  i = 0;
  for (const p of t.programmes)
    await w.add('sanctions_listings', {
      target_id: id,
      position: i++,
      programme: p.code,
      jurisdiction: p.jurisdiction,
      regime: p.regime,
      legal_basis: p.legalBasis ?? null,
      listed_on: p.listedOn ?? null,
    });
}

export async function importSanctionsFile(
  db: DB,
  engine: Engine,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const now = (options.now ?? (() => new Date()))();
  const at = now.toISOString();
  const fileName = options.fileName ?? path.basename(file);
  const digest = await fileDigest(file);
  const parsed = await parseSanctionsFile(file, options);
  const datasetName = options.dataset ?? parsed.dataset;
  const nameDate = DATE_IN_NAME.exec(fileName)?.[1];
  const snapshotDateSource = parsed.snapshotDate ? 'file' : nameDate ? 'file-name' : 'import-day';
  const snapshotDate = parsed.snapshotDate ?? nameDate ?? at.slice(0, 10);

  return db.transaction().execute(async (trx) => {
    let dataset = await repo.findDataset(trx, datasetName);
    if (!dataset) {
      dataset = {
        id: randomUUID(),
        name: datasetName,
        format: parsed.format,
        jurisdiction: null,
        latest_snapshot_id: null,
        created_at: at,
        updated_at: at,
      };
      await repo.insertDataset(trx, dataset);
    }
    const previousId = dataset.latest_snapshot_id;
    const previous = previousId ? await repo.namesHashes(trx, previousId) : new Map<string, string>();
    const previousDate = previousId ? await repo.snapshotDate(trx, previousId) : undefined;

    const snapshotId = randomUUID();
    await repo.insertSnapshot(trx, {
      id: snapshotId,
      dataset_id: dataset.id,
      format: parsed.format,
      snapshot_date: snapshotDate,
      snapshot_date_source: snapshotDateSource,
      imported_at: at,
      imported_by: options.importedBy ?? null,
      file_name: fileName,
      file_sha256: digest.sha256,
      file_bytes: digest.bytes,
      target_count: 0,
      counts: '{}',
    });

    const w = new repo.BatchWriter(trx, engine);
    const byRegime: Record<Regime, number> = { Belarus: 0, Russia: 0, other: 0 };
    const bySchema: Record<string, number> = {};
    const jurisdictions = new Map<string, number>();
    const seen = new Set<string>();
    let targets = 0;
    let added = 0;
    let changedNames = 0;
    for await (const t of parsed.targets) {
      targets++;
      await writeTarget(w, snapshotId, t);
      for (const g of regimeGroups(t)) byRegime[g]++;
      bySchema[t.schema] = (bySchema[t.schema] ?? 0) + 1;
      for (const p of t.programmes)
        jurisdictions.set(p.jurisdiction, (jurisdictions.get(p.jurisdiction) ?? 0) + 1);
      if (!seen.has(t.sourceId)) {
        seen.add(t.sourceId);
        const before = previous.get(t.sourceId);
        if (before === undefined) added++;
        else if (before !== namesHash(t)) changedNames++;
      }
    }
    await w.flush();
    let removed = 0;
    for (const id of previous.keys()) if (!seen.has(id)) removed++;
    const jurisdiction = [...jurisdictions.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const delta: ImportDelta = {
      previousSnapshotDate: previousDate ?? null,
      added,
      removed,
      changedNames,
    };
    const summary: ImportSummary = {
      dataset: datasetName,
      format: parsed.format,
      snapshotDate,
      targets,
      byRegime,
      delta,
      snapshotId,
      snapshotDateSource,
      bySchema,
      unknownProgrammes: parsed.summary.unknownProgrammes,
      skipped: parsed.summary.skipped,
    };
    await repo.updateSnapshotCounts(trx, snapshotId, targets, {
      byRegime,
      bySchema,
      delta,
      unknownProgrammes: summary.unknownProgrammes,
      skipped: summary.skipped,
    });
    await repo.setLatestSnapshot(trx, dataset.id, snapshotId, jurisdiction, at);
    await options.beforeCommit?.(trx, summary);
    return summary;
  });
}

/** The audit entry of an import (counts only: list contents are not copied into the audit log). */
export function importAudit(actorId: string | null, s: ImportSummary) {
  return {
    actorId,
    action: 'sanctions.import',
    entityType: 'sanctions_snapshot',
    entityId: s.snapshotId,
    tier: 'public' as const,
    detail: {
      dataset: s.dataset,
      format: s.format,
      snapshotDate: s.snapshotDate,
      targets: s.targets,
      delta: s.delta,
    },
  };
}
