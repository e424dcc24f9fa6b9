import { useTranslation } from 'react-i18next';
import { canWriteRecords, type Role } from '../api/types';
import type { Route } from '../app/router';
import { NavItem } from '../app/ui';
import { IntakeListPage } from './IntakeListPage';
import { IntakeSubmissionPage } from './IntakeSubmissionPage';

export type IntakeRoute = Extract<Route, { name: 'intake' | 'intakeSubmission' }>;

/** The secure channel's entry in the main navigation: admins and editors only. */
export function IntakeNav({ route, role }: { route: Route; role: Role }) {
  const { t } = useTranslation();
  if (!canWriteRecords(role)) return null;
  const current = route.name === 'intake' || route.name === 'intakeSubmission';
  return (
    <NavItem to="/intake" current={current}>
      {t('intake.nav')}
    </NavItem>
  );
}

export function IntakePage({ route }: { route: IntakeRoute }) {
  return route.name === 'intake' ? <IntakeListPage /> : <IntakeSubmissionPage key={route.id} id={route.id} />;
}
