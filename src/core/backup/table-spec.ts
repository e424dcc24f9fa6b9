import type { Database } from '../db/schema';

export type TableName = keyof Database;
export type KeyColumn = { column: string; type: 'text' | 'integer' };

export interface TableSpec {
  name: TableName;
  /** Every column, in the order used by the archive and by the canonical content hash. */
  columns: readonly string[];
  /** The primary key: the canonical row order and the keyset for paging. */
  key: readonly KeyColumn[];
  /** False for tables deliberately left out of backups; `reason` says why (it goes into the manifest). */
  backedUp: boolean;
  reason?: string;
  /**
   * Columns referencing rows of the same table (foreign keys are checked per statement, and the referenced
   * row may come later in key order): restore inserts them as null and sets them once the table is in.
   */
  selfReferences?: readonly string[];
}

/** One table's description before it is named and sorted: `order` places it in foreign-key order. */
export type SpecEntry = Omit<TableSpec, 'name'> & { order: number };
/** The descriptions of one group of tables (a mapped type, so a table of the group cannot be forgotten). */
export type SpecGroup<T> = { [K in keyof T]: SpecEntry };

type Missing<T, C extends readonly string[]> = Exclude<keyof T & string, C[number]>;

/** Lists a table's columns; the compiler rejects the list when it misses a column of the typed schema. */
export function columnsOf<T>() {
  return <const C extends readonly (keyof T & string)[]>(
    ...cols: C & ([Missing<T, C>] extends [never] ? unknown : { missingColumns: Missing<T, C> })
  ): readonly string[] => cols;
}

export const text = (column: string): KeyColumn => ({ column, type: 'text' });
export const integer = (column: string): KeyColumn => ({ column, type: 'integer' });
