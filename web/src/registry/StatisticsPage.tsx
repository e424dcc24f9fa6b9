import { useTranslation } from 'react-i18next';
import { navigate, useSearchParams } from '../app/router';
import { ErrorMessage, formatDateTime, Loading, PageHeading, useLoad } from '../app/ui';
import { downloadUrl, registryApi } from './api';
import { BarChart, Legend, MonthChart, type Bar, type MonthSeries } from './charts';
import { useLabels, useMonths } from './labels';
import { PublishedFiguresTable } from './PublishedFiguresTable';
import { TimelineChart } from './TimelineChart';
import { RELEASE_KINDS, type Cell, type PublishedFigure, type Statistics } from './types';

const TOP = 15;

/**
 * Registry statistics: current count, recognitions and releases per month, time served, distributions,
 * and the published figures charted beside the registry's own count. Aggregates include every consent tier
 * (sealed records are counted, never listed), so an analyst sees this page and nothing personal.
 */
export function StatisticsPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const scope = params.get('scope') === 'all' ? 'all' : 'current';
  const stats = useLoad(() => registryApi.statistics(scope), [scope]);
  const figures = useLoad(() => registryApi.publishedFigures(), []);

  return (
    <>
      <PageHeading
        title={t('registry.stats.title')}
        actions={
          <a className="btn" href={downloadUrl('/api/v1/registry/statistics.csv', { scope })} download>
            {t('registry.stats.csv')}
          </a>
        }
      >
        {t('registry.stats.title')}
      </PageHeading>
      <p className="lead">{t('registry.stats.lead')}</p>
      <div className="field scope-switch">
        <label htmlFor="reg-stats-scope">{t('registry.stats.scope')}</label>
        <select
          id="reg-stats-scope"
          value={scope}
          onChange={(e) =>
            navigate(e.target.value === 'all' ? '/registry/statistics?scope=all' : '/registry/statistics')
          }
        >
          <option value="current">{t('registry.stats.scopeCurrent')}</option>
          <option value="all">{t('registry.stats.scopeAll')}</option>
        </select>
      </div>
      <ErrorMessage error={stats.error ?? figures.error} />
      {stats.loading && !stats.data ? (
        <Loading />
      ) : (
        stats.data && <Body s={stats.data} figures={figures.data?.items ?? []} />
      )}
    </>
  );
}

function Body({ s, figures }: { s: Statistics; figures: readonly PublishedFigure[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const months = useMonths();
  const bars = (cells: readonly Cell[], label: (k: string) => string, top = cells.length): Bar[] =>
    [...cells]
      .sort((a, b) => b.count - a.count)
      .slice(0, top)
      .map((c) => ({ key: c.key, label: label(c.key), value: c.count }));
  // The statistics API keys missing values as "unknown".
  const orUnknown =
    (label: (k: string) => string) =>
    (k: string): string =>
      k === '' || k === 'unknown' ? t('registry.stats.unknown') : label(k);
  const releaseSeries: MonthSeries[] = RELEASE_KINDS.map((k, i) => ({
    name: labels.releaseKind(k),
    className: `series-${i}`,
    values: new Map(s.releasesPerMonth.filter((r) => r.kind === k).map((r) => [r.key, r.count])),
  })).filter((x) => x.values.size > 0);
  const valueLabel = t('registry.stats.persons');

  return (
    <>
      <section aria-labelledby="reg-stats-head" className="stats">
        <h2 id="reg-stats-head" className="visually-hidden">
          {t('registry.stats.headline')}
        </h2>
        <dl className="stats-list">
          <div>
            <dt>{t('registry.stats.currentCount')}</dt>
            <dd data-testid="stat-current-count">{s.currentCount}</dd>
          </div>
          {s.byStatus.map((c) => (
            <div key={c.key}>
              <dt>{labels.status(c.key)}</dt>
              <dd data-testid={`stat-status-${c.key}`}>{c.count}</dd>
            </div>
          ))}
        </dl>
        <p className="muted">{t('registry.stats.generated', { at: formatDateTime(s.generatedAt) })}</p>
      </section>

      <section aria-labelledby="reg-stats-timeline" className="panel">
        <h2 id="reg-stats-timeline">{t('registry.stats.publishedHeading')}</h2>
        <p className="hint">{t('registry.stats.publishedHint')}</p>
        <TimelineChart figures={figures} registryCount={s.currentCount} asOf={s.generatedAt} />
        <PublishedFiguresTable figures={figures} />
      </section>

      <section aria-labelledby="reg-stats-months" className="panel">
        <h2 id="reg-stats-months">{t('registry.stats.perMonth')}</h2>
        <MonthChart
          title={t('registry.stats.recognitionsPerMonth')}
          series={[
            {
              name: t('registry.stats.recognitions'),
              className: 'series-0',
              values: new Map(s.recognitionsPerMonth.map((c) => [c.key, c.count])),
            },
          ]}
        />
        <MonthChart title={t('registry.stats.releasesPerMonth')} series={releaseSeries} />
        {releaseSeries.length > 1 && <Legend items={releaseSeries} />}
      </section>

      <section aria-labelledby="reg-stats-served" className="panel">
        <h2 id="reg-stats-served">{t('registry.stats.timeServed')}</h2>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('registry.stats.group')}</th>
              <th scope="col">{t('registry.stats.persons')}</th>
              <th scope="col">{t('registry.stats.median')}</th>
              <th scope="col">{t('registry.stats.mean')}</th>
            </tr>
          </thead>
          <tbody>
            {(['current', 'released'] as const).map((k) => (
              <tr key={k}>
                <th scope="row">{t(`registry.stats.served.${k}`)}</th>
                <td className="num">{s.timeServed[k].persons}</td>
                <td className="num">{months(s.timeServed[k].medianMonths)}</td>
                <td className="num">
                  {months(
                    s.timeServed[k].meanMonths === null ? null : Math.round(s.timeServed[k].meanMonths ?? 0),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="reg-stats-dist" className="panel">
        <h2 id="reg-stats-dist">{t('registry.stats.distributions')}</h2>
        <div className="charts-grid">
          <BarChart
            title={t('registry.stats.byArticle', { top: TOP })}
            bars={bars(s.byArticle, (k) => t('registry.case.articleCode', { code: k }), TOP)}
            valueLabel={valueLabel}
          />
          <BarChart
            title={t('registry.stats.byRegion')}
            bars={bars(s.byRegion, orUnknown(labels.region))}
            valueLabel={valueLabel}
          />
          <BarChart
            title={t('registry.stats.byGender')}
            bars={bars(s.byGender, orUnknown(labels.gender))}
            valueLabel={valueLabel}
          />
          <BarChart
            title={t('registry.stats.byGroup')}
            bars={bars(s.byGroup, orUnknown(labels.group))}
            valueLabel={valueLabel}
          />
          <BarChart
            title={t('registry.stats.byFacility', { top: TOP })}
            bars={bars(
              s.byFacility,
              orUnknown((k) => k),
              TOP,
            )}
            valueLabel={valueLabel}
          />
        </div>
      </section>
    </>
  );
}
