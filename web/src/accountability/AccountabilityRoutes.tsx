import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types';
import type { Route } from '../app/router';
import { NavItem } from '../app/ui';
import { EvidenceItemPage, EvidencePage } from './EvidencePage';
import { ExportPage } from './ExportPage';
import { PerpetratorPage, PerpetratorsPage } from './PerpetratorsPage';
import { UnsanctionedPage } from './UnsanctionedPage';
import { ViolationsPage } from './ViolationsPage';

export type AccountabilityRoute = Extract<
  Route,
  {
    name:
      | 'accountability'
      | 'accountabilityPerpetrator'
      | 'accountabilityViolations'
      | 'accountabilityEvidence'
      | 'accountabilityEvidenceItem'
      | 'accountabilityExport'
      | 'accountabilityUnsanctioned';
  }
>;

export const isAccountabilityRoute = (r: Route): r is AccountabilityRoute =>
  r.name.startsWith('accountability');

/** The accountability entry in the main navigation: every role that reads records. */
export function AccountabilityNav({ route, role }: { route: Route; role: Role }) {
  const { t } = useTranslation();
  if (role === 'analyst') return null;
  return (
    <NavItem to="/accountability" current={isAccountabilityRoute(route)}>
      {t('accountability.nav')}
    </NavItem>
  );
}

function Tabs({ route }: { route: AccountabilityRoute }) {
  const { t } = useTranslation();
  const tab = (to: string, names: AccountabilityRoute['name'][], label: string) => (
    <NavItem to={to} current={names.includes(route.name)}>
      {label}
    </NavItem>
  );
  return (
    <nav aria-label={t('accountability.tabs')} className="sub-nav">
      <ul>
        {tab(
          '/accountability',
          ['accountability', 'accountabilityPerpetrator'],
          t('accountability.perpetrators.title'),
        )}
        {tab(
          '/accountability/violations',
          ['accountabilityViolations'],
          t('accountability.violations.title'),
        )}
        {tab(
          '/accountability/evidence',
          ['accountabilityEvidence', 'accountabilityEvidenceItem'],
          t('accountability.evidence.title'),
        )}
        {tab('/accountability/export', ['accountabilityExport'], t('accountability.export.title'))}
        {tab(
          '/accountability/unsanctioned',
          ['accountabilityUnsanctioned'],
          t('accountability.report.title'),
        )}
      </ul>
    </nav>
  );
}

export function AccountabilityPage({ route }: { route: AccountabilityRoute }) {
  return (
    <>
      <Tabs route={route} />
      {route.name === 'accountability' && <PerpetratorsPage />}
      {route.name === 'accountabilityPerpetrator' && <PerpetratorPage key={route.id} id={route.id} />}
      {route.name === 'accountabilityViolations' && <ViolationsPage />}
      {route.name === 'accountabilityEvidence' && <EvidencePage />}
      {route.name === 'accountabilityEvidenceItem' && <EvidenceItemPage key={route.id} id={route.id} />}
      {route.name === 'accountabilityExport' && <ExportPage />}
      {route.name === 'accountabilityUnsanctioned' && <UnsanctionedPage />}
    </>
  );
}
