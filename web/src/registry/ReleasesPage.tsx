import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { canWriteRecords } from '../api/types';
import { ErrorMessage, formatDate, InputField, Loading, PageHeading, toApiError, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { registryApi } from './api';
import { HumanitarianLists } from './HumanitarianLists';
import { useLabels } from './labels';
import { SubForm } from './SubForm';
import { RELEASE_KINDS, type ReleaseKind } from './types';

/** Release events (pardon waves, exchanges, deportations) and humanitarian release lists. */
export function ReleasesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const labels = useLabels();
  const events = useLoad(() => registryApi.releaseEvents(), []);
  const writable = canWriteRecords(user.role);
  return (
    <>
      <PageHeading title={t('registry.releases.title')} />
      <section aria-labelledby="reg-rel-h" className="panel">
        <h2 id="reg-rel-h">{t('registry.releases.events')}</h2>
        <ErrorMessage error={events.error} />
        {events.loading && !events.data ? (
          <Loading />
        ) : events.data && events.data.items.length === 0 ? (
          <p className="muted">{t('registry.releases.noEvents')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="visually-hidden">{t('registry.releases.events')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('registry.releases.date')}</th>
                  <th scope="col">{t('registry.releases.kind')}</th>
                  <th scope="col">{t('registry.releases.eventTitle')}</th>
                  <th scope="col">{t('registry.releases.reported')}</th>
                  <th scope="col">{t('registry.releases.linked')}</th>
                </tr>
              </thead>
              <tbody>
                {events.data?.items.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">{formatDate(e.occurredOn)}</td>
                    <td>{labels.releaseKind(e.kind)}</td>
                    <td>{e.title}</td>
                    <td className="num">{e.reportedCount ?? '—'}</td>
                    <td className="num">{e.linkedCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {writable && <NewEventForm onSaved={events.reload} />}
      </section>
      <HumanitarianLists writable={writable} />
    </>
  );
}

function NewEventForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [kind, setKind] = useState<ReleaseKind>('pardon');
  const [date, setDate] = useState('');
  const [title, setTitle] = useState('');
  const [count, setCount] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    if (!title.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(date) || (count && !/^\d+$/.test(count))) {
      setProblem(t('registry.releases.formProblem'));
      return;
    }
    setProblem(null);
    try {
      await registryApi.createReleaseEvent({
        kind,
        occurredOn: date,
        title: title.trim(),
        reportedCount: count ? Number(count) : null,
      });
      setTitle('');
      setDate('');
      setCount('');
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <SubForm
      headingId="reg-rel-new-h"
      title={t('registry.releases.newEvent')}
      problem={problem}
      error={error}
      submitLabel={t('registry.releases.addEvent')}
      onSubmit={submit}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor="reg-rel-kind">{t('registry.releases.kind')}</label>
          <select id="reg-rel-kind" value={kind} onChange={(e) => setKind(e.target.value as ReleaseKind)}>
            {RELEASE_KINDS.map((k) => (
              <option key={k} value={k}>
                {labels.releaseKind(k)}
              </option>
            ))}
          </select>
        </div>
        <InputField
          id="reg-rel-date"
          label={t('registry.releases.date')}
          type="date"
          value={date}
          onChange={setDate}
        />
        <InputField
          id="reg-rel-title"
          label={t('registry.releases.eventTitle')}
          grow
          maxLength={300}
          value={title}
          onChange={setTitle}
        />
        <InputField
          id="reg-rel-count"
          label={t('registry.releases.reported')}
          inputMode="numeric"
          value={count}
          onChange={setCount}
        />
      </div>
    </SubForm>
  );
}
