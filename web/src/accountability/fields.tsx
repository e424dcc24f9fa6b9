import { useTranslation } from 'react-i18next';
import type { Tier } from '../api/types';
import { formatDate, TierOptions } from '../app/ui';
import type { Perpetrator, Violation } from './api';

/** The tier a new accountability record is filed under. */
export function TierSelect({ value, onChange }: { value: Tier; onChange: (tier: Tier) => void }) {
  const { t } = useTranslation();
  return (
    <label>
      {t('accountability.common.tier')}
      <select value={value} onChange={(e) => onChange(e.target.value as Tier)}>
        <TierOptions />
      </select>
    </label>
  );
}

/**
 * A violation picked from a list (type · date · place), never typed by id. `value` is the chosen id, or ''
 * for "choose…" (the evidence picker keeps it '' so each choice is an action, not a state).
 */
export function ViolationSelect({
  label,
  violations,
  value,
  onChange,
}: {
  label: string;
  violations: readonly Violation[] | undefined;
  value: string;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('accountability.link.choose')}</option>
        {violations?.map((v) => (
          <option key={v.id} value={v.id}>
            {[t(`accountability.violationTypes.${v.type}`), v.occurredOn && formatDate(v.occurredOn), v.place]
              .filter(Boolean)
              .join(' · ')}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface PositionDraft {
  institution: string;
  title: string;
  from: string;
  to: string;
}

/** Institution, title and from/to of one position, inside a fieldset with the given legend. */
export function PositionFields({
  legend,
  value,
  onChange,
  required = false,
}: {
  legend: string;
  value: PositionDraft;
  onChange: (next: PositionDraft) => void;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const set = (k: keyof PositionDraft) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label>
        {t('accountability.perpetrators.institution')}
        <input value={value.institution} onChange={set('institution')} required={required} />
      </label>
      <label>
        {t('accountability.perpetrators.jobTitle')}
        <input value={value.title} onChange={set('title')} required={required} />
      </label>
      <label>
        {t('accountability.common.from')}
        <input type="date" value={value.from} onChange={set('from')} />
      </label>
      <label>
        {t('accountability.common.to')}
        <input type="date" value={value.to} onChange={set('to')} />
      </label>
    </fieldset>
  );
}

/** A link's target in the reader's language, built from the codes and dates the server sends. */
export function LinkTargetLabel({ target }: { target: Perpetrator['links'][number]['target'] }) {
  const { t } = useTranslation();
  if (target.type === 'case') {
    return (
      <>
        {t('accountability.perpetrators.case')} {target.caseNumber ?? '—'} ({target.refCode})
      </>
    );
  }
  return (
    <>
      {[
        t(`accountability.violationTypes.${target.violationType}`),
        target.occurredOn && formatDate(target.occurredOn),
      ]
        .filter(Boolean)
        .join(', ')}
    </>
  );
}
