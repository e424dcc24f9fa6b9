import { useTranslation } from 'react-i18next';
import type { PublishedFigure } from './types';

/**
 * Every published figure (counts held, recognised since 2020, releases by pardon…) with its wording and
 * source, as imported from the timeline file; the metric is the file's own code.
 */
export function PublishedFiguresTable({ figures }: { figures: readonly PublishedFigure[] }) {
  const { t } = useTranslation();
  if (figures.length === 0) return <p className="muted">{t('registry.stats.noFigures')}</p>;
  return (
    <details className="chart-table">
      <summary>{t('registry.stats.allFigures', { count: figures.length })}</summary>
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('registry.stats.asOf')}</th>
              <th scope="col">{t('registry.stats.metric')}</th>
              <th scope="col">{t('registry.stats.value')}</th>
              <th scope="col">{t('registry.stats.source')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={`${f.asOf}|${f.metric}|${f.sourceUrl}`}>
                <th scope="row" className="nowrap">
                  {f.asOf}
                </th>
                <td className="mono">{f.metric}</td>
                <td className="num">{f.valueText}</td>
                <td>
                  <a
                    href={f.sourceUrl}
                    rel="noopener noreferrer"
                    target="_blank"
                    title={f.quote ?? undefined}
                  >
                    {f.sourceOrg}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
