import { useTranslation } from 'react-i18next';
import { canWriteRecords } from '../api/types';
import { useSearchParams } from '../app/router';
import { ErrorMessage, Loading, PageHeading, useLoad } from '../app/ui';
import { useSession } from '../auth/session';
import { registryApi } from './api';
import { DuplicatesPanel } from './DuplicatesPanel';

const UUID = /^[0-9a-fA-F-]{36}$/;
const MAX_RECORDS = 20;

/**
 * Duplicates review for a set of records (the import wizard links here with the records its rows resembled):
 * each record with its candidates, scores and explanations, to merge or dismiss.
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const params = useSearchParams();
  const ids = [...new Set((params.get('ids') ?? '').split(',').filter((s) => UUID.test(s)))].slice(
    0,
    MAX_RECORDS,
  );
  return (
    <>
      <PageHeading
        title={t('registry.duplicates.title')}
        back={{ to: '/registry', label: t('registry.record.backToList') }}
      />
      <p className="lead">{t('registry.duplicates.lead')}</p>
      {ids.length === 0 ? (
        <p className="notice">{t('registry.duplicates.howTo')}</p>
      ) : (
        ids.map((id) => <Review key={id} id={id} writable={canWriteRecords(user.role)} />)
      )}
    </>
  );
}

function Review({ id, writable }: { id: string; writable: boolean }) {
  const person = useLoad(() => registryApi.get(id), [id]);
  if (person.loading && !person.data) return <Loading />;
  if (!person.data) return <ErrorMessage error={person.error} />;
  if (person.data.identityHidden) return null;
  return <DuplicatesPanel person={person.data} writable={writable} onChanged={person.reload} />;
}
