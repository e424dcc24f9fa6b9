import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Role, Tier } from './db/schema';

/**
 * The one place that decides who may read and do what. Everything is denied unless granted here.
 *
 * Record tiers: public < internal < confidential < sealed. Sealed records are readable only by users named
 * in record_grants, whatever their role. The analyst role reads aggregates and never a personal record.
 */
export const TIERS = ['public', 'internal', 'confidential', 'sealed'] as const satisfies readonly Tier[];
export const ROLES = [
  'admin',
  'editor',
  'researcher',
  'analyst',
  'viewer',
] as const satisfies readonly Role[];

export interface Actor {
  id: string;
  role: Role;
  username: string;
}

/** Tiers a role reads without a per-record grant. */
const tiersByRole: Record<Role, readonly Tier[]> = {
  admin: ['public', 'internal', 'confidential'],
  editor: ['public', 'internal', 'confidential'],
  researcher: ['public', 'internal', 'confidential'],
  viewer: ['public', 'internal'],
  analyst: [],
};

export type Permission =
  | 'records:read'
  | 'records:write'
  | 'aggregates:read'
  | 'users:manage'
  | 'audit:read'
  | 'grants:manage'
  | 'keys:manage'
  // Sanctions lists are published information about listed persons and bodies (not about victims), so every
  // staff role reads them, analyst included; importing lists and deciding review pairs is editorial work.
  | 'sanctions:read'
  | 'sanctions:write';

const permissionsByRole: Record<Role, readonly Permission[]> = {
  admin: [
    'records:read',
    'records:write',
    'aggregates:read',
    'users:manage',
    'audit:read',
    'grants:manage',
    'keys:manage',
    'sanctions:read',
    'sanctions:write',
  ],
  editor: ['records:read', 'records:write', 'aggregates:read', 'sanctions:read', 'sanctions:write'],
  researcher: ['records:read', 'aggregates:read', 'sanctions:read'],
  viewer: ['records:read', 'aggregates:read', 'sanctions:read'],
  analyst: ['aggregates:read', 'sanctions:read'],
};

/** Reads of records or fields at these tiers are audited (one entry per request, ids and counts only). */
export function isAuditedTier(tier: Tier): boolean {
  return tier === 'confidential' || tier === 'sealed';
}

export function can(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && permissionsByRole[actor.role].includes(permission);
}

export function readableTiers(actor: Actor | null): readonly Tier[] {
  if (!actor) return ['public'];
  return tiersByRole[actor.role];
}

/** Whether the actor may see a field of the given tier on a record the actor can already see. */
export function canReadField(actor: Actor | null, fieldTier: Tier, hasGrant: boolean): boolean {
  if (fieldTier === 'sealed') return actor !== null && actor.role !== 'analyst' && hasGrant;
  return readableTiers(actor).includes(fieldTier);
}

export function canReadRecord(actor: Actor | null, tier: Tier, hasGrant: boolean): boolean {
  if (actor?.role === 'analyst') return false;
  return canReadField(actor, tier, hasGrant);
}

type Tables = keyof Database;

/**
 * SQL filter for the records of one entity type the actor may see. Applied in every repository query that
 * lists, counts, searches or fetches records, so hidden rows never leave the database.
 */
export function visibleTo<T extends Tables>(actor: Actor | null, entityType: string, table: T) {
  return (eb: ExpressionBuilder<Database, T>): Expression<SqlBool> => {
    if (actor?.role === 'analyst') return sql<SqlBool>`1 = 0`;
    const tiers = readableTiers(actor);
    const tierRef = sql.ref(`${table}.tier`);
    const idRef = sql.ref(`${table}.id`);
    const open = tiers.length > 0 ? sql<SqlBool>`${tierRef} in (${sql.join(tiers)})` : sql<SqlBool>`1 = 0`;
    if (!actor) return open;
    const granted = sql<SqlBool>`(${tierRef} = 'sealed' and exists (select 1 from record_grants g where g.entity_type = ${entityType} and g.entity_id = ${idRef} and g.user_id = ${actor.id}))`;
    void eb;
    return sql<SqlBool>`(${open} or ${granted})`;
  };
}
