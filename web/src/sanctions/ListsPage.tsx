import { useTranslation } from 'react-i18next';
import { ErrorMessage, formatDate, formatDateTime, Loading, PageHeading, useLoad } from '../app/ui';
import { sanctionsApi, type ListSummary, type Snapshot } from './api';
import { formatCount } from './format';
import { NumTh, TableSection } from './parts';

/** The imported lists: per dataset its jurisdiction, latest snapshot and counts by regime, then history. */
export function ListsPage() {
  const { t } = useTranslation();
  const lists = useLoad(() => sanctionsApi.lists(), []);
  const snapshots = useLoad(() => sanctionsApi.snapshots(), []);
  return (
    <>
      <PageHeading title={t('sanctions.lists.title')} />
      <p className="lead">{t('sanctions.lists.lead')}</p>
      <ErrorMessage error={lists.error ?? snapshots.error} />
      {lists.loading && !lists.data ? (
        <Loading />
      ) : lists.data && lists.data.items.length === 0 ? (
        <p className="notice">{t('sanctions.lists.empty')}</p>
      ) : (
        lists.data && <ListsTable items={lists.data.items} />
      )}
      {snapshots.data && snapshots.data.items.length > 0 && <SnapshotsTable items={snapshots.data.items} />}
    </>
  );
}

function ListsTable({ items }: { items: ListSummary[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="table lists-table">
        <caption className="visually-hidden">{t('sanctions.lists.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('sanctions.fields.dataset')}</th>
            <th scope="col">{t('sanctions.fields.jurisdiction')}</th>
            <th scope="col">{t('sanctions.fields.snapshotDate')}</th>
            <NumTh>{t('sanctions.fields.targets')}</NumTh>
            <NumTh>{t('sanctions.regime.Belarus')}</NumTh>
            <NumTh>{t('sanctions.regime.Russia')}</NumTh>
            <NumTh>{t('sanctions.regime.other')}</NumTh>
            <th scope="col">{t('sanctions.fields.importedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((l) => (
            <tr key={l.dataset}>
              <th scope="row">
                <span className="mono">{l.dataset}</span>
                <span className="muted"> · {l.format}</span>
              </th>
              <td>{l.jurisdiction ?? <span className="muted">—</span>}</td>
              <td className="nowrap">{formatDate(l.snapshotDate)}</td>
              <td className="num">{formatCount(l.targets)}</td>
              <td className="num">{formatCount(l.byRegime.Belarus)}</td>
              <td className="num">{formatCount(l.byRegime.Russia)}</td>
              <td className="num">{formatCount(l.byRegime.other)}</td>
              <td className="nowrap">{formatDateTime(l.importedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SnapshotsTable({ items }: { items: Snapshot[] }) {
  const { t } = useTranslation();
  return (
    <TableSection title={t('sanctions.snapshots.title')}>
      <thead>
        <tr>
          <th scope="col">{t('sanctions.fields.dataset')}</th>
          <th scope="col">{t('sanctions.fields.snapshotDate')}</th>
          <th scope="col">{t('sanctions.snapshots.file')}</th>
          <NumTh>{t('sanctions.fields.targets')}</NumTh>
          <NumTh>{t('sanctions.snapshots.added')}</NumTh>
          <NumTh>{t('sanctions.snapshots.removed')}</NumTh>
          <NumTh>{t('sanctions.snapshots.changedNames')}</NumTh>
          <th scope="col">{t('sanctions.fields.importedAt')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id}>
            <td>
              <span className="mono">{s.dataset}</span>
              {s.latest && <span className="badge badge-latest">{t('sanctions.snapshots.latest')}</span>}
            </td>
            <td className="nowrap">{formatDate(s.snapshotDate)}</td>
            <td className="mono file-name">{s.fileName}</td>
            <td className="num">{formatCount(s.targets)}</td>
            <td className="num">{s.delta ? formatCount(s.delta.added) : '—'}</td>
            <td className="num">{s.delta ? formatCount(s.delta.removed) : '—'}</td>
            <td className="num">{s.delta ? formatCount(s.delta.changedNames) : '—'}</td>
            <td className="nowrap">{formatDateTime(s.importedAt)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}
