import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import type { SourceRef } from './types';

/** The sources cited for one fact; each links to the source record (and its public URL when it has one). */
export function SourceRefs({ sources }: { sources: readonly SourceRef[] }) {
  const { t } = useTranslation();
  if (sources.length === 0) return <p className="sources-line muted">{t('registry.record.noSources')}</p>;
  return (
    <p className="sources-line">
      <span className="muted">{t('registry.record.sources')}:</span>{' '}
      {sources.map((s, i) => (
        <span key={`${s.sourceId}-${s.field}-${i}`}>
          {i > 0 && '; '}
          <Link to={`/sources/${s.sourceId}`}>{s.title}</Link>
          {s.field && <span className="muted"> ({s.field})</span>}
          {s.url && (
            <>
              {' '}
              <a href={s.url} rel="noopener noreferrer" target="_blank" className="ext-link">
                ↗<span className="visually-hidden">{t('registry.record.openSource')}</span>
              </a>
            </>
          )}
        </span>
      ))}
    </p>
  );
}
