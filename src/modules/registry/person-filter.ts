import { sql, type SqlBool, type Expression, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
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
 * Two shapes, so that both engines start from the selective side:
 * - Without a name, case facts are `persons.id IN (SELECT person_id FROM cases WHERE …)`: the planner
 *   starts from the cases index on court, judge, facility, dates, or case_articles by article. An article
 *   without other case facts reads case_articles' own person_id and never visits cases.
 * - With a name, the FIRST token group drives (`persons.id IN (tokens of group 1)`; callers put the most
 *   selective group first, see PersonsRepository.bySelectivity) and everything else is a correlated
 *   EXISTS probe per candidate: other name parts through the (token, person_id) key, case facts through
 *   cases by person. Materialising "every case under article 342" for a handful of name matches is what
 *   made a filtered name search slow on a large registry.
 */
export function personFilter(
  filter: PersonFilter,
  tokenGroups: readonly string[][],
  opts: { walk?: boolean; probeCases?: boolean; materialise?: boolean } = {},
) {
  return (eb: PersonsEb): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [eb('persons.merged_into', 'is', null)];
    const byName = tokenGroups.length > 0;
    // walk (SQLite only): the caller reads persons newest-first along (updated_at, id) and stops after a
    // page, which is cheap when many rows match (see PersonsRepository.list). Every condition is then checked
    // per row, written as an expression (`col || ''`: same value, same NULL) so that SQLite does not start from
    // the region/status index or the case set and sort thousands of rows. Case facts are a set built
    // once (a facility's ~1,000 persons), or with probeCases an EXISTS per row: an article matches ~12%
    // of the registry, so a page needs a few hundred probes where the set would hold ~12,000 cases.
    const walk = opts.walk === true && !byName;
    const probe = byName || opts.probeCases === true;
    const column = (col: 'current_status' | 'region' | 'gender' | 'consent') =>
      walk ? sql<string>`${sql.ref(`persons.${col}`)} || ''` : sql.ref<string>(`persons.${col}`);
    tokenGroups.forEach((group, i) => {
      conds.push(
        i === 0
          ? eb(
              'persons.id',
              'in',
              eb
                .selectFrom('person_name_tokens')
                .select('person_name_tokens.person_id')
                .where('token', 'in', group),
            )
          : eb.exists(
              eb
                .selectFrom('person_name_tokens as t')
                .select(sql.lit(1).as('one'))
                .whereRef('t.person_id', '=', 'persons.id')
                .where('t.token', 'in', group),
            ),
      );
    });
    if (filter.status) conds.push(eb(column('current_status'), '=', filter.status));
    if (filter.region) conds.push(eb(column('region'), '=', filter.region));
    if (filter.gender) conds.push(eb(column('gender'), '=', filter.gender));
    if (filter.consent) conds.push(eb(column('consent'), '=', filter.consent));
    if (filter.group) conds.push(eb('persons.groups', 'like', `%"${filter.group}"%`));
    const caseConds: Array<(c: CasesEb) => Expression<SqlBool>> = [];
    if (filter.court) caseConds.push((c) => c('cases.court', '=', filter.court!));
    if (filter.judge) caseConds.push((c) => c('cases.judge', '=', filter.judge!));
    if (filter.facility) caseConds.push((c) => c('cases.facility', '=', filter.facility!));
    if (filter.detainedFrom) caseConds.push((c) => c('cases.detained_on', '>=', filter.detainedFrom!));
    if (filter.detainedTo) caseConds.push((c) => c('cases.detained_on', '<=', filter.detainedTo!));
    if (filter.verdictFrom) caseConds.push((c) => c('cases.verdict_on', '>=', filter.verdictFrom!));
    if (filter.verdictTo) caseConds.push((c) => c('cases.verdict_on', '<=', filter.verdictTo!));
    // materialise (PostgreSQL, few matches): `= any(array(…))` collects the case set once, before the
    // persons are read. As `IN` it became a semi-join that walked persons newest-first and probed each one's
    // cases: 9,000 probes and 14-120 ms for a facility + dates page with ~1,200 matches, against 6.5 ms.
    const inSet = <T extends keyof Database>(
      persons: SelectQueryBuilder<Database, T, { person_id: string | null }>,
    ): Expression<SqlBool> =>
      opts.materialise
        ? sql<SqlBool>`${sql.ref('persons.id')} = any(array(${persons}))`
        : eb(walk ? sql<string>`${sql.ref('persons.id')} || ''` : eb.ref('persons.id'), 'in', persons);
    if (filter.article && caseConds.length === 0) {
      // The article alone: case_articles carries the case's person (migration 20261207T2000), so neither
      // shape needs to visit cases.
      const byArticle = eb.selectFrom('case_articles').where('case_articles.article', '=', filter.article);
      conds.push(
        probe
          ? eb.exists(
              byArticle.select(sql.lit(1).as('one')).whereRef('case_articles.person_id', '=', 'persons.id'),
            )
          : inSet(byArticle.select('case_articles.person_id')),
      );
    } else if (filter.article) {
      const article = filter.article;
      caseConds.push((c) =>
        probe
          ? c.exists(
              c
                .selectFrom('case_articles')
                .select(sql.lit(1).as('one'))
                .whereRef('case_articles.case_id', '=', 'cases.id')
                .where('case_articles.article', '=', article),
            )
          : c(
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
      const cases = eb.selectFrom('cases').where((c) => c.and(caseConds.map((f) => f(c))));
      conds.push(
        probe
          ? eb.exists(cases.select(sql.lit(1).as('one')).whereRef('cases.person_id', '=', 'persons.id'))
          : inSet(cases.select('cases.person_id')),
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
