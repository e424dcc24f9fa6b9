import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiError } from '../api/client';
import { canWriteRecords, type Tier } from '../api/types';
import { ErrorMessage, formatDate, PageHeading, TierBadge, toApiError, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { VIOLATION_TYPES, type Violation } from './api';
import { ListTable } from './ListTable';
import { TierSelect } from './fields';

export function ViolationsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const list = useLoad(() => api.get<{ items: Violation[] }>('/api/v1/violations', { limit: 100 }), []);
  const [form, setForm] = useState({
    type: 'arbitrary_detention',
    tier: 'internal' as Tier,
    occurredOn: '',
    place: '',
    description: '',
    victimIds: '',
  });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await api.post('/api/v1/violations', {
        type: form.type,
        tier: form.tier,
        occurredOn: form.occurredOn || null,
        place: form.place || null,
        description: form.description || null,
        victimIds: form.victimIds.split(/[\s,]+/).filter(Boolean),
      });
      setError(null);
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <>
      <PageHeading title={t('accountability.violations.title')} />
      <ListTable
        list={list}
        headings={[
          t('accountability.violations.type'),
          t('accountability.violations.date'),
          t('accountability.violations.place'),
          t('accountability.violations.people'),
          t('accountability.common.tier'),
        ]}
      >
        {list.data?.items.map((v) => (
          <tr key={v.id}>
            <td>
              {t(`accountability.violationTypes.${v.type}`)}
              <div className="muted">
                <code>{v.id}</code>
              </div>
            </td>
            <td>{v.occurredOn ? formatDate(v.occurredOn) : ''}</td>
            <td>{v.place}</td>
            <td>
              {v.victims.map((x) => x.displayName).join(', ')}
              {v.perpetrators.length > 0 && (
                <div className="muted">
                  {v.perpetrators
                    .map((x) => `${x.displayName} (${t(`accountability.roles.${x.role}`)})`)
                    .join(', ')}
                </div>
              )}
            </td>
            <td>
              <TierBadge tier={v.tier} />
            </td>
          </tr>
        ))}
      </ListTable>
      {canWriteRecords(user.role) && (
        <section>
          <h2>{t('accountability.violations.new')}</h2>
          <ErrorMessage error={error} />
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label>
              {t('accountability.violations.type')}
              <select value={form.type} onChange={set('type')}>
                {VIOLATION_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {t(`accountability.violationTypes.${x}`)}
                  </option>
                ))}
              </select>
            </label>
            <TierSelect value={form.tier} onChange={(tier) => setForm({ ...form, tier })} />
            <label>
              {t('accountability.violations.date')}
              <input type="date" value={form.occurredOn} onChange={set('occurredOn')} />
            </label>
            <label>
              {t('accountability.violations.place')}
              <input value={form.place} onChange={set('place')} />
            </label>
            <label>
              {t('accountability.violations.description')}
              <textarea value={form.description} onChange={set('description')} />
            </label>
            <label>
              {t('accountability.violations.victimIds')}
              <input value={form.victimIds} onChange={set('victimIds')} />
            </label>
            <button type="submit" className="btn btn-primary">
              {t('accountability.common.save')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}
