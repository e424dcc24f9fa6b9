import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../app/ui';
import type { PublishedFigure } from './types';

/** Published figures that count people held now; "_approx" rows are drawn as open circles. */
const CURRENT_METRICS = ['political_prisoners_current', 'political_prisoners_current_approx'];

interface Point {
  at: number;
  iso: string;
  value: number;
  approx: boolean;
  figure?: PublishedFigure;
}

/** "2023-09 (approx)", "2022" and "2024-05-21" as a day; partial dates fall on the middle of their period. */
export function figureDate(asOf: string): { iso: string; approx: boolean } | null {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(asOf);
  if (!m) return null;
  const [, y, mo, d] = m;
  const iso = `${y}-${mo ?? '07'}-${d ?? (mo ? '15' : '01')}`;
  return { iso, approx: !d || /approx/i.test(asOf) };
}

/**
 * The published counts of current political prisoners (with their sources) over time, and the registry's
 * own current count as of today beside them: the gap shows how many people the registry does not hold yet.
 */
export function TimelineChart({
  figures,
  registryCount,
  asOf,
}: {
  figures: readonly PublishedFigure[];
  registryCount: number;
  asOf: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const published: Point[] = figures
    .filter((f) => CURRENT_METRICS.includes(f.metric) && f.value !== null)
    .flatMap((f) => {
      const d = figureDate(f.asOf);
      return d
        ? [
            {
              at: Date.parse(`${d.iso}T00:00:00Z`),
              iso: d.iso,
              value: f.value ?? 0,
              approx: d.approx || f.metric.endsWith('_approx') || /[<>~≈]/.test(f.valueText),
              figure: f,
            },
          ]
        : [];
    })
    .sort((a, b) => a.at - b.at);
  const today = asOf.slice(0, 10);
  const own: Point = {
    at: Date.parse(`${today}T00:00:00Z`),
    iso: today,
    value: registryCount,
    approx: false,
  };
  const all = [...published, own];
  const minAt = Math.min(...all.map((p) => p.at));
  const maxAt = Math.max(...all.map((p) => p.at));
  const maxV = Math.max(1, ...all.map((p) => p.value)) * 1.1;
  const width = 640;
  const height = 220;
  const left = 44;
  const right = 16;
  const top = 10;
  const bottom = 26;
  const x = (at: number): number =>
    left + ((at - minAt) / Math.max(1, maxAt - minAt)) * (width - left - right);
  const y = (v: number): number => top + (1 - v / maxV) * (height - top - bottom);
  const years: number[] = [];
  for (let yr = new Date(minAt).getUTCFullYear() + 1; yr <= new Date(maxAt).getUTCFullYear(); yr++)
    years.push(yr);
  const path = published
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const last = published[published.length - 1];

  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{t('registry.stats.timelineTitle')}</figcaption>
      <div
        role="img"
        className="chart-svg"
        aria-label={t('registry.stats.timelineSummary', {
          count: published.length,
          last: last ? `${last.value} (${last.iso})` : '—',
          own: registryCount,
        })}
      >
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          className="svg-chart"
          aria-hidden="true"
          focusable="false"
        >
          <line
            x1={left}
            x2={width - right}
            y1={height - bottom}
            y2={height - bottom}
            className="chart-axis"
          />
          {[0, 0.5, 1].map((f) => (
            <g key={f}>
              <line x1={left} x2={width - right} y1={y(maxV * f)} y2={y(maxV * f)} className="chart-grid" />
              <text x={left - 4} y={y(maxV * f) + 4} textAnchor="end" className="chart-value">
                {Math.round(maxV * f).toLocaleString()}
              </text>
            </g>
          ))}
          {years.map((yr) => {
            const at = Date.UTC(yr, 0, 1);
            return (
              <text key={yr} x={x(at)} y={height - 8} textAnchor="middle" className="chart-label">
                {yr}
              </text>
            );
          })}
          {path && <path d={path} className="chart-line" fill="none" />}
          {published.map((p) => (
            <circle
              key={`${p.iso}-${p.value}`}
              cx={x(p.at)}
              cy={y(p.value)}
              r={4}
              className={p.approx ? 'chart-point approx' : 'chart-point'}
            />
          ))}
          <rect x={x(own.at) - 6} y={y(own.value) - 6} width={12} height={12} className="chart-own" />
        </svg>
      </div>
      <ul className="chart-legend">
        <li>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <circle cx="6" cy="6" r="4" className="chart-point" />
          </svg>{' '}
          {t('registry.stats.legendPublished')}
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <circle cx="6" cy="6" r="4" className="chart-point approx" />
          </svg>{' '}
          {t('registry.stats.legendApprox')}
        </li>
        <li>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <rect width="12" height="12" className="chart-own" />
          </svg>{' '}
          {t('registry.stats.legendOwn')}
        </li>
      </ul>
      <details className="chart-table">
        <summary>{t('registry.stats.showTable')}</summary>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('registry.stats.asOf')}</th>
              <th scope="col">{t('registry.stats.value')}</th>
              <th scope="col">{t('registry.stats.source')}</th>
            </tr>
          </thead>
          <tbody>
            {published.map((p) => (
              <tr key={`${p.iso}-${p.value}`}>
                <th scope="row">{p.figure?.asOf ?? p.iso}</th>
                <td className="num">{p.figure?.valueText ?? p.value}</td>
                <td>
                  {p.figure && (
                    <a href={p.figure.sourceUrl} rel="noopener noreferrer" target="_blank">
                      {p.figure.sourceOrg}
                    </a>
                  )}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{formatDate(today)}</th>
              <td className="num">{registryCount}</td>
              <td>{t('registry.stats.legendOwn')}</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
