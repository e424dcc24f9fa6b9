import type { DB } from '../../core/db/database';
import type { PublishedFiguresTable, RegistryStatCellsTable } from '../../core/db/schema-registry';
import { StatCellsRepository } from './stat-cells.repository';

/**
 * Statistics reads: the maintained cells (see stat-cells.ts; every tier counted, sealed included, merged
 * persons never) and the published figures. Each cell carries how many of its persons are public, so the
 * public page can suppress small cells made only of non-public records.
 */
export interface Cell {
  key: string;
  count: number;
  publicCount: number;
}
export interface MonthCell extends Cell {
  kind?: string;
}
export type Scope = 'current' | 'all';

export class StatisticsRepository {
  private readonly cells = new StatCellsRepository();

  /** All non-empty cells, grouped by dimension. */
  async cellsByDimension(db: DB): Promise<Map<string, RegistryStatCellsTable[]>> {
    const out = new Map<string, RegistryStatCellsTable[]>();
    for (const row of await this.cells.read(db)) {
      const list = out.get(row.dimension);
      if (list) list.push(row);
      else out.set(row.dimension, [row]);
    }
    return out;
  }

  // ---- published figures ----

  async upsertFigure(db: DB, row: PublishedFiguresTable): Promise<'inserted' | 'updated'> {
    const existing = await db
      .selectFrom('published_figures')
      .select('id')
      .where('as_of', '=', row.as_of)
      .where('metric', '=', row.metric)
      .where('source_url', '=', row.source_url)
      .executeTakeFirst();
    if (existing) {
      await db
        .updateTable('published_figures')
        .set({ value_text: row.value_text, value: row.value, source_org: row.source_org, quote: row.quote })
        .where('id', '=', existing.id)
        .execute();
      return 'updated';
    }
    await db.insertInto('published_figures').values(row).execute();
    return 'inserted';
  }

  listFigures(db: DB, metric?: string): Promise<PublishedFiguresTable[]> {
    let q = db.selectFrom('published_figures').selectAll();
    if (metric) q = q.where('metric', '=', metric);
    return q.orderBy('as_of').orderBy('metric').orderBy('source_url').execute();
  }
}
