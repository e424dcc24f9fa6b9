import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { canWriteRecords } from '../api/types';
import { Link } from '../app/router';
import { formatDate, formatDateTime, Loading, LoadFailed, PageHeading, TierBadge, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { registryApi } from './api';
import { CasesSection } from './CasesSection';
import { DuplicatesPanel } from './DuplicatesPanel';
import { AddFacts } from './FactForms';
import { useLabels } from './labels';
import { SourceRefs } from './SourceRefs';
import { StatusTimeline } from './StatusTimeline';
import type { PersonView } from './types';

/** One person's record: facts, names in every script, cases, status timeline, sources, duplicates. */
export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const person = useLoad(() => registryApi.get(id), [id]);
  const labels = useLabels();

  if (person.loading && !person.data) return <Loading />;
  if (!person.data) {
    return (
      <LoadFailed
        title={t('registry.record.title')}
        error={person.error}
        back={{ to: '/registry', label: t('registry.record.backToList') }}
      />
    );
  }
  const p = person.data;
  const writable = canWriteRecords(user.role);
  return (
    <>
      <PageHeading
        title={p.displayName}
        back={{ to: '/registry', label: t('registry.record.backToList') }}
        actions={
          writable && (
            <Link to={`/registry/persons/${p.id}/edit`} className="btn btn-primary">
              {t('common.edit')}
            </Link>
          )
        }
      >
        {p.displayName}
      </PageHeading>
      <p className="record-badges">
        <span className={`badge status-${p.currentStatus ?? 'none'}`}>{labels.status(p.currentStatus)}</span>
        {p.currentStatusOn && (
          <span className="muted">{t('registry.record.since', { date: formatDate(p.currentStatusOn) })}</span>
        )}
        <TierBadge tier={p.tier} />
        <span className="badge">
          {t('registry.fields.consent')}: {labels.consent(p.consent)}
        </span>
        <span className="muted ref-code">{p.refCode}</span>
        {p.isDemo && <span className="badge badge-demo">{t('registry.record.demo')}</span>}
      </p>
      {p.identityHidden && (
        <p className="notice">{t('registry.record.identityHidden', { ref: p.refCode })}</p>
      )}

      <PersonFacts p={p} />
      <CasesSection personId={p.id} cases={p.cases} writable={writable} onSaved={person.reload} />
      <StatusTimeline events={p.statusEvents} recognitions={p.recognitions} />
      {writable && <AddFacts person={p} onSaved={person.reload} />}
      {!p.identityHidden && <DuplicatesPanel person={p} writable={writable} onChanged={person.reload} />}
      <p className="muted">
        {t('registry.record.updated', { at: formatDateTime(p.updatedAt), version: p.version })}
      </p>
    </>
  );
}

function PersonFacts({ p }: { p: PersonView }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const none = <span className="muted">—</span>;
  const row = (label: string, value: ReactNode) => (
    <>
      <dt>{label}</dt>
      <dd>{value ?? none}</dd>
    </>
  );
  return (
    <section aria-labelledby="reg-facts-h" className="panel">
      <h2 id="reg-facts-h">{t('registry.record.facts')}</h2>
      {p.names && p.names.length > 0 && (
        <table className="table table-compact names-table">
          <caption>{t('registry.record.names')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('registry.fields.script')}</th>
              <th scope="col">{t('registry.fields.name')}</th>
              <th scope="col">{t('registry.fields.nameKind')}</th>
            </tr>
          </thead>
          <tbody>
            {p.names.map((n) => (
              <tr key={n.id}>
                <td>{labels.script(n.script)}</td>
                <td lang={n.script === 'latn' ? 'be-Latn' : n.script === 'other' ? undefined : n.script}>
                  {n.value}
                </td>
                <td>{t(`registry.nameKinds.${n.kind}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="details">
        {!p.identityHidden &&
          row(t('registry.fields.birth'), p.birthDate ? formatDate(p.birthDate) : (p.birthYear ?? null))}
        {row(t('registry.fields.gender'), p.gender ? labels.gender(p.gender) : null)}
        {row(t('registry.fields.region'), p.region ? labels.region(p.region) : null)}
        {row(t('registry.fields.groups'), p.groups.length > 0 ? p.groups.map(labels.group).join(', ') : null)}
        {row(t('registry.fields.recognisedOn'), p.recognisedOn ? formatDate(p.recognisedOn) : null)}
        {p.description !== undefined && row(t('registry.fields.description'), p.description)}
        {p.healthNotes !== undefined && row(t('registry.fields.healthNotes'), p.healthNotes)}
        {Object.keys(p.externalIds).length > 0 &&
          row(
            t('registry.fields.externalIds'),
            Object.entries(p.externalIds)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; '),
          )}
      </dl>
      <SourceRefs sources={p.sources} />
    </section>
  );
}
