import { useTranslation } from 'react-i18next';
import {
  CONSENTS,
  GENDERS,
  GROUPS,
  REGIONS,
  RELEASE_KINDS,
  SCRIPTS,
  STATUSES,
  type Consent,
  type Gender,
  type Group,
  type Region,
  type ReleaseKind,
  type Script,
  type Status,
} from './types';

const is =
  <T extends string>(list: readonly T[]) =>
  (v: string | null | undefined): v is T =>
    typeof v === 'string' && (list as readonly string[]).includes(v);

export const isStatus = is<Status>(STATUSES);
export const isRegion = is<Region>(REGIONS);
export const isGroup = is<Group>(GROUPS);
export const isGender = is<Gender>(GENDERS);
export const isConsent = is<Consent>(CONSENTS);
export const isScript = is<Script>(SCRIPTS);
export const isReleaseKind = is<ReleaseKind>(RELEASE_KINDS);

/** "released_other" would read as a plural form of "released" in the catalogues, so it has its own key. */
const statusKey = (s: Status): Exclude<Status, 'released_other'> | 'released_unspecified' =>
  s === 'released_other' ? 'released_unspecified' : s;

/** Translated labels of the registry's codes; an unknown code (newer server) is shown as it is. */
export function useLabels() {
  const { t } = useTranslation();
  return {
    status: (v: string | null | undefined): string =>
      isStatus(v) ? t(`registry.statuses.${statusKey(v)}`) : (v ?? '—'),
    region: (v: string | null | undefined): string => (isRegion(v) ? t(`registry.regions.${v}`) : (v ?? '—')),
    group: (v: string): string => (isGroup(v) ? t(`registry.groups.${v}`) : v),
    gender: (v: string | null | undefined): string => (isGender(v) ? t(`registry.genders.${v}`) : (v ?? '—')),
    consent: (v: Consent): string => t(`registry.consents.${v}.label`),
    script: (v: string): string => (isScript(v) ? t(`registry.scripts.${v}`) : v),
    releaseKind: (v: string): string => (isReleaseKind(v) ? t(`registry.releaseKinds.${v}`) : v),
  };
}

/** Months as "4 y 6 m" in the UI language. */
export function useMonths() {
  const { t } = useTranslation();
  return (months: number | null | undefined): string => {
    if (months === null || months === undefined) return '—';
    const y = Math.floor(months / 12);
    const m = Math.round(months % 12);
    if (y === 0) return t('registry.duration.months', { count: m });
    if (m === 0) return t('registry.duration.years', { count: y });
    return `${t('registry.duration.years', { count: y })} ${t('registry.duration.months', { count: m })}`;
  };
}
