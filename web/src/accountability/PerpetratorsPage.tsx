import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { canWriteRecords, type Tier } from '../api/types';
import { Link, navigate } from '../app/router';
import { ErrorMessage, formatDate, Loading, PageHeading, TierBadge, toApiError, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import type { ApiError } from '../api/client';
import { CATEGORIES, type Evidence, type Perpetrator, type PerpetratorSummary } from './api';
import { ListTable } from './ListTable';
import { LinkTargetLabel, PositionFields, TierSelect, type PositionDraft } from './fields';
import { LinkForm, PositionForm } from './PerpetratorEditors';

export function PerpetratorsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const list = useLoad(
    () =>
      api.get<{ items: PerpetratorSummary[]; total: number }>('/api/v1/perpetrators', {
        q: query || undefined,
        limit: 100,
      }),
    [query],
  );
  return (
    <>
      <PageHeading title={t('accountability.perpetrators.title')} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q.trim());
        }}
      >
        <label>
          {t('accountability.perpetrators.search')}
          <input value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <button type="submit" className="btn">
          {t('accountability.common.search')}
        </button>
      </form>
      <ListTable
        list={list}
        headings={[
          t('accountability.perpetrators.name'),
          t('accountability.perpetrators.category'),
          t('accountability.common.tier'),
        ]}
      >
        {list.data?.items.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/accountability/perpetrators/${p.id}`}>{p.displayName}</Link>
              <div className="muted">
                {p.names
                  .filter((n) => n.value !== p.displayName)
                  .map((n) => n.value)
                  .join(' · ')}
              </div>
            </td>
            <td>{t(`accountability.categories.${p.category}`)}</td>
            <td>
              <TierBadge tier={p.tier} />
            </td>
          </tr>
        ))}
      </ListTable>
      {canWriteRecords(user.role) && <NewPerpetrator />}
    </>
  );
}

function NewPerpetrator() {
  const { t } = useTranslation();
  const [form, setForm] = useState({ be: '', ru: '', latn: '', category: 'judge', tier: 'internal' as Tier });
  const [position, setPosition] = useState<PositionDraft>({ institution: '', title: '', from: '', to: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const names = (['be', 'ru', 'latn'] as const)
      .filter((s) => form[s].trim())
      .map((script, i) => ({ script, kind: i === 0 ? 'primary' : 'alias', value: form[script].trim() }));
    try {
      const created = await api.post<Perpetrator>('/api/v1/perpetrators', {
        tier: form.tier,
        category: form.category,
        names,
        positions:
          position.institution && position.title
            ? [
                {
                  institution: position.institution,
                  title: position.title,
                  from: position.from || null,
                  to: position.to || null,
                },
              ]
            : [],
      });
      navigate(`/accountability/perpetrators/${created.id}`);
    } catch (err) {
      setError(toApiError(err));
    }
  };
  return (
    <section>
      <h2>{t('accountability.perpetrators.new')}</h2>
      <ErrorMessage error={error} />
      <form onSubmit={(e) => void submit(e)} className="form">
        <label>
          {t('accountability.perpetrators.nameBe')}
          <input value={form.be} onChange={set('be')} lang="be" />
        </label>
        <label>
          {t('accountability.perpetrators.nameRu')}
          <input value={form.ru} onChange={set('ru')} lang="ru" />
        </label>
        <label>
          {t('accountability.perpetrators.nameLatn')}
          <input value={form.latn} onChange={set('latn')} lang="en" />
        </label>
        <label>
          {t('accountability.perpetrators.category')}
          <select value={form.category} onChange={set('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`accountability.categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <TierSelect value={form.tier} onChange={(tier) => setForm({ ...form, tier })} />
        <PositionFields
          legend={t('accountability.perpetrators.position')}
          value={position}
          onChange={setPosition}
        />
        <button type="submit" className="btn btn-primary">
          {t('accountability.common.save')}
        </button>
      </form>
    </section>
  );
}

export function PerpetratorPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const p = useLoad(() => api.get<Perpetrator>(`/api/v1/perpetrators/${id}`), [id]);
  const dups = useLoad(
    () =>
      api.get<{ items: Array<{ perpetratorId: string; displayName: string; score: number }> }>(
        `/api/v1/perpetrators/${id}/duplicates`,
      ),
    [id],
  );
  const evidence = useLoad(
    () => api.get<{ items: Evidence[] }>('/api/v1/evidence', { entityType: 'perpetrator', entityId: id }),
    [id],
  );
  if (p.loading && !p.data) return <Loading />;
  if (!p.data) return <ErrorMessage error={p.error} />;
  const d = p.data;
  const positions = [...d.positions].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
  return (
    <>
      <PageHeading title={d.displayName}>{d.displayName}</PageHeading>
      <p>
        <TierBadge tier={d.tier} /> {t(`accountability.categories.${d.category}`)}
        {d.birthYear ? ` · ${d.birthYear}` : ''}
      </p>
      <ul>
        {d.names.map((n) => (
          <li key={n.id} lang={n.script === 'latn' ? 'en' : n.script}>
            {n.value} <span className="muted">({n.script})</span>
          </li>
        ))}
      </ul>
      <h2>{t('accountability.perpetrators.positions')}</h2>
      <ol className="timeline">
        {positions.map((x) => (
          <li key={x.id}>
            <strong>{x.title}</strong>, {x.institution} — {x.from ? formatDate(x.from) : '?'} –{' '}
            {x.to ? formatDate(x.to) : t('accountability.common.present')}
          </li>
        ))}
      </ol>
      {canWriteRecords(user.role) && <PositionForm perpetrator={d} onSaved={p.reload} />}
      <h2>{t('accountability.perpetrators.links')}</h2>
      <ul>
        {d.links.map((l) => (
          <li key={l.id}>
            {t(`accountability.roles.${l.role}`)}: <LinkTargetLabel target={l.target} />
            {l.sources.length > 0 && (
              <span className="muted"> ({l.sources.map((s) => s.title).join('; ')})</span>
            )}
          </li>
        ))}
      </ul>
      {canWriteRecords(user.role) && <LinkForm perpetratorId={id} onLinked={p.reload} />}
      <h2>{t('accountability.perpetrators.duplicates')}</h2>
      {dups.data?.items.length ? (
        <ul>
          {dups.data.items.map((x) => (
            <li key={x.perpetratorId}>
              <Link to={`/accountability/perpetrators/${x.perpetratorId}`}>{x.displayName}</Link> (
              {Math.round(x.score * 100)}%)
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('accountability.common.none')}</p>
      )}
      <h2>{t('accountability.evidence.title')}</h2>
      <ul>
        {evidence.data?.items.map((e) => (
          <li key={e.id}>
            <Link to={`/accountability/evidence/${e.id}`}>{e.title}</Link>{' '}
            <code>{e.sha256.slice(0, 16)}…</code>
          </li>
        ))}
      </ul>
    </>
  );
}
