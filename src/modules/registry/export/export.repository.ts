import { visibleTo, type Actor } from '../../../core/access';
import type { DB } from '../../../core/db/database';
import type {
  CaseArticlesTable,
  CasesTable,
  PersonNamesTable,
  PersonsTable,
} from '../../../core/db/schema-registry';
import { CASE_ARTICLE_COLUMNS } from '../../../core/db/schema-registry';
import { personFilter } from '../person-filter';
import { PERSON_ENTITY } from '../persons.repository';
import type { PersonFilter } from '../registry.schema';

/** SQL of exports and release lists: the persons list filter, without paging, sealed rows only counted. */
const CHUNK = 500;
/** An export larger than this is refused rather than built in memory. */
export const EXPORT_MAX_ROWS = 50_000;

async function inChunks<T>(ids: readonly string[], load: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

export class ExportRepository {
  /** Visible, unmerged, not sealed persons matching the filter (sealed ones are never listed in an export). */
  listable(
    db: DB,
    actor: Actor,
    filter: PersonFilter,
    tokenGroups: readonly string[][],
  ): Promise<PersonsTable[]> {
    return db
      .selectFrom('persons')
      .selectAll('persons')
      .where(visibleTo(actor, PERSON_ENTITY, 'persons'))
      .where(personFilter(filter, tokenGroups))
      .where('persons.tier', '!=', 'sealed')
      .orderBy('persons.ref_code')
      .limit(EXPORT_MAX_ROWS + 1)
      .execute();
  }

  /** Sealed persons matching the filter, whoever may see them: aggregates include every tier. */
  async sealedCount(db: DB, filter: PersonFilter): Promise<number> {
    const r = await db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('persons.tier', '=', 'sealed')
      .where(personFilter(filter, []))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  names(db: DB, ids: readonly string[]): Promise<PersonNamesTable[]> {
    return inChunks(ids, (part) =>
      db
        .selectFrom('person_names')
        .selectAll()
        .where('person_id', 'in', part)
        .orderBy('person_id')
        .orderBy('position')
        .execute(),
    );
  }

  cases(db: DB, ids: readonly string[]): Promise<CasesTable[]> {
    return inChunks(ids, (part) =>
      db
        .selectFrom('cases')
        .selectAll()
        .where('person_id', 'in', part)
        .orderBy('person_id')
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    );
  }

  articles(db: DB, caseIds: readonly string[]): Promise<CaseArticlesTable[]> {
    return inChunks(caseIds, (part) =>
      db
        .selectFrom('case_articles')
        .select(CASE_ARTICLE_COLUMNS)
        .where('case_id', 'in', part)
        .orderBy('case_id')
        .orderBy('position')
        .execute(),
    );
  }
}
