import { sql, type SqlBool, type Expression, type ExpressionBuilder } from 'kysely';
import { readableTiers, type Actor } from '../../core/access';
import type { Database } from '../../core/db/schema';
import type { PersonFilter } from './registry.schema';

/**
 * The persons filter shared by the list, exports and release lists, so that all of them select exactly
 * the same people. Only SQL: no side effects, no access decisions (callers add visibleTo).
 */
type PersonsEb = ExpressionBuilder<Database, 'persons'>;
type CasesEb = ExpressionBuilder<Database, 'cases'>;

/**
 * Filters on persons: the name (blind-index token groups: one group per query part, any token of a group
 * must be present), case facts, and person columns. Merged-away persons are never listed.
 *
 * Case facts are written as `persons.id IN (SELECT person_id FROM cases WHERE …)` rather than a correlated
 * EXISTS: both engines can then start from the selective side (the cases index on court, judge, facility,
 * dates, or case_articles by article) instead of testing every person, which is what makes a filter
 * without a name fast on a large registry.
 */
export function personFilter(filter: PersonFilter, tokenGroups: readonly string[][]) {
  return (eb: PersonsEb): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [eb('persons.merged_into', 'is', null)];
    for (const group of tokenGroups) {
      conds.push(
        eb(
          'persons.id',
          'in',
          eb
            .selectFrom('person_name_tokens')
            .select('person_name_tokens.person_id')
            .where('token', 'in', group),
        ),
      );
    }
    if (filter.status) conds.push(eb('persons.current_status', '=', filter.status));
    if (filter.region) conds.push(eb('persons.region', '=', filter.region));
    if (filter.gender) conds.push(eb('persons.gender', '=', filter.gender));
    if (filter.consent) conds.push(eb('persons.consent', '=', filter.consent));
    if (filter.group) conds.push(eb('persons.groups', 'like', `%"${filter.group}"%`));
    const caseConds: Array<(c: CasesEb) => Expression<SqlBool>> = [];
    if (filter.court) caseConds.push((c) => c('cases.court', '=', filter.court!));
    if (filter.judge) caseConds.push((c) => c('cases.judge', '=', filter.judge!));
    if (filter.facility) caseConds.push((c) => c('cases.facility', '=', filter.facility!));
    if (filter.detainedFrom) caseConds.push((c) => c('cases.detained_on', '>=', filter.detainedFrom!));
    if (filter.detainedTo) caseConds.push((c) => c('cases.detained_on', '<=', filter.detainedTo!));
    if (filter.verdictFrom) caseConds.push((c) => c('cases.verdict_on', '>=', filter.verdictFrom!));
    if (filter.verdictTo) caseConds.push((c) => c('cases.verdict_on', '<=', filter.verdictTo!));
    if (filter.article) {
      const article = filter.article;
      caseConds.push((c) =>
        c(
          'cases.id',
          'in',
          c
            .selectFrom('case_articles')
            .select('case_articles.case_id')
            .where('case_articles.article', '=', article),
        ),
      );
    }
    if (caseConds.length > 0) {
      // One case must satisfy all case conditions together (court X *and* detained in range).
      conds.push(
        eb(
          'persons.id',
          'in',
          eb
            .selectFrom('cases')
            .select('cases.person_id')
            .where((c) => c.and(caseConds.map((f) => f(c)))),
        ),
      );
    }
    return eb.and(conds);
  };
}

/**
 * Persons whose identity fields the actor may read. Rows reaching this filter already passed visibleTo,
 * so a sealed identity (which only occurs on sealed records) is readable exactly when the row is visible.
 */
export function identityReadable(actor: Actor | null) {
  return (eb: PersonsEb): Expression<SqlBool> => {
    const tiers = readableTiers(actor);
    const open = tiers.length > 0 ? eb('persons.identity_tier', 'in', [...tiers]) : sql<SqlBool>`1 = 0`;
    return actor ? eb.or([open, eb('persons.identity_tier', '=', 'sealed')]) : open;
  };
}
