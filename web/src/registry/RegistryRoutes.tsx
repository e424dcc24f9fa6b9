import { useTranslation } from 'react-i18next';
import { canWriteRecords, type Role } from '../api/types';
import type { Route } from '../app/router';
import { NavItem } from '../app/ui';
import { DuplicatesPage } from './DuplicatesPage';
import { ImportPage } from './ImportPage';
import { PersonEditPage, PersonNewPage } from './PersonFormPage';
import { PersonPage } from './PersonPage';
import { canReadRecords, PersonsPage } from './PersonsPage';
import { ReleasesPage } from './ReleasesPage';
import { StatisticsPage } from './StatisticsPage';

export type RegistryRoute = Extract<
  Route,
  {
    name:
      | 'registry'
      | 'registryNew'
      | 'registryPerson'
      | 'registryPersonEdit'
      | 'registryImport'
      | 'registryDuplicates'
      | 'registryStatistics'
      | 'registryReleases';
  }
>;

type Section = 'persons' | 'import' | 'statistics' | 'releases' | null;

function sectionOf(name: Route['name']): Section {
  switch (name) {
    case 'registry':
    case 'registryNew':
    case 'registryPerson':
    case 'registryPersonEdit':
    case 'registryDuplicates':
      return 'persons';
    case 'registryImport':
      return 'import';
    case 'registryStatistics':
      return 'statistics';
    case 'registryReleases':
      return 'releases';
    default:
      return null;
  }
}

/** The registry's entries in the main navigation; an analyst (aggregates only) sees statistics alone. */
export function RegistryNav({ route, role }: { route: Route; role: Role }) {
  const { t } = useTranslation();
  const current = sectionOf(route.name);
  const item = (to: string, key: Exclude<Section, null>, label: string) => (
    <NavItem to={to} current={current === key}>
      {label}
    </NavItem>
  );
  return (
    <>
      {canReadRecords(role) && item('/registry', 'persons', t('registry.nav.persons'))}
      {canWriteRecords(role) && item('/registry/import', 'import', t('registry.nav.import'))}
      {item('/registry/statistics', 'statistics', t('registry.nav.statistics'))}
      {canReadRecords(role) && item('/registry/releases', 'releases', t('registry.nav.releases'))}
    </>
  );
}

export function RegistryPage({ route }: { route: RegistryRoute }) {
  switch (route.name) {
    case 'registry':
      return <PersonsPage />;
    case 'registryNew':
      return <PersonNewPage />;
    case 'registryPerson':
      return <PersonPage key={route.id} id={route.id} />;
    case 'registryPersonEdit':
      return <PersonEditPage key={route.id} id={route.id} />;
    case 'registryImport':
      return <ImportPage />;
    case 'registryDuplicates':
      return <DuplicatesPage />;
    case 'registryStatistics':
      return <StatisticsPage />;
    case 'registryReleases':
      return <ReleasesPage />;
  }
}
