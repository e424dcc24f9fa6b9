import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import type { Route } from '../app/router';
import { NavItem } from '../app/ui';
import { AlignmentPage } from './AlignmentPage';
import { ListsPage } from './ListsPage';
import { RegimesPage } from './RegimesPage';
import { ReviewPage } from './ReviewPage';
import { TargetPage } from './TargetPage';

export type SanctionsRoute = Extract<
  Route,
  {
    name: 'sanctions' | 'sanctionsAlignment' | 'sanctionsTarget' | 'sanctionsRegimes' | 'sanctionsReview';
  }
>;

export const isSanctionsRoute = (r: Route): r is SanctionsRoute => r.name.startsWith('sanctions');

/**
 * The sanctions entry in the main navigation. Every staff role reads sanctions data (sanctions:read in
 * src/core/access.ts: published list data, analyst included), so the entry is always shown.
 */
export function SanctionsNav({ route }: { route: Route; role: Role }) {
  const { t } = useTranslation();
  return (
    <NavItem to="/sanctions" current={isSanctionsRoute(route)}>
      {t('sanctions.nav')}
    </NavItem>
  );
}

function Tabs({ route }: { route: SanctionsRoute }) {
  const { t } = useTranslation();
  const tab = (to: string, names: SanctionsRoute['name'][], label: string) => (
    <NavItem to={to} current={names.includes(route.name)}>
      {label}
    </NavItem>
  );
  return (
    <nav aria-label={t('sanctions.tabs')} className="sanctions-tabs">
      <ul>
        {tab('/sanctions', ['sanctions'], t('sanctions.lists.title'))}
        {tab(
          '/sanctions/alignment',
          ['sanctionsAlignment', 'sanctionsTarget'],
          t('sanctions.alignment.title'),
        )}
        {tab('/sanctions/regimes', ['sanctionsRegimes'], t('sanctions.regimes.title'))}
        {tab('/sanctions/review', ['sanctionsReview'], t('sanctions.review.title'))}
      </ul>
    </nav>
  );
}

export function SanctionsPage({ route }: { route: SanctionsRoute }) {
  return (
    <>
      <Tabs route={route} />
      {route.name === 'sanctions' && <ListsPage />}
      {route.name === 'sanctionsAlignment' && <AlignmentPage />}
      {route.name === 'sanctionsTarget' && <TargetPage key={route.id} id={route.id} />}
      {route.name === 'sanctionsRegimes' && <RegimesPage />}
      {route.name === 'sanctionsReview' && <ReviewPage />}
    </>
  );
}
