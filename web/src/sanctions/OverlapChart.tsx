import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverlapRow } from './api';
import { formatCount } from './format';

const MAX_SETS = 16;
const LABEL_W = 110;
const BAR_H = 150;
const ROW_H = 24;
const TOP = 18;

/**
 * An UpSet-style overlap chart, drawn as inline SVG: one column per exact set of jurisdictions that list
 * the same targets, its bar the number of targets listed by exactly that set, and the dots below naming
 * the set. Venn diagrams stop being readable beyond three lists; this stays readable for any number.
 * The same figures follow as a table for screen readers and for copying.
 */
export function OverlapChart({ rows, jurisdictions }: { rows: OverlapRow[]; jurisdictions: string[] }) {
  const { t } = useTranslation();
  const id = useId();
  const sets = [...rows].sort((a, b) => b.total - a.total).slice(0, MAX_SETS);
  const hidden = rows.length - sets.length;
  const max = Math.max(1, ...sets.map((s) => s.total));
  // Wide columns while there are few sets, so that two or three lists still give a readable chart.
  const colW = Math.max(36, Math.min(96, Math.floor(576 / Math.max(1, sets.length))));
  const size = (j: string): number =>
    rows.filter((r) => r.jurisdictions.includes(j)).reduce((n, r) => n + r.total, 0);
  const label = (js: string[]): string =>
    js.length === 1 ? t('sanctions.overlap.only', { jurisdiction: js[0] }) : js.join(' + ');
  const width = LABEL_W + Math.max(1, sets.length) * colW + 10;
  const matrixTop = TOP + BAR_H + 10;
  const height = matrixTop + jurisdictions.length * ROW_H + 6;

  if (sets.length === 0) return <p className="muted">{t('sanctions.overlap.empty')}</p>;

  return (
    <figure className="chart overlap-chart">
      <figcaption id={`${id}-cap`}>{t('sanctions.overlap.caption')}</figcaption>
      <svg
        className="svg-chart"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        role="img"
        aria-labelledby={`${id}-cap`}
        aria-describedby={`${id}-desc`}
      >
        <desc id={`${id}-desc`}>{t('sanctions.overlap.description')}</desc>
        <line className="chart-axis" x1={LABEL_W} x2={width - 10} y1={TOP + BAR_H} y2={TOP + BAR_H} />
        {sets.map((s, i) => {
          const x = LABEL_W + i * colW;
          const h = Math.max(1, Math.round((s.total / max) * (BAR_H - 4)));
          const ys = s.jurisdictions
            .map((j) => jurisdictions.indexOf(j))
            .filter((n) => n >= 0)
            .map((n) => matrixTop + n * ROW_H + ROW_H / 2);
          return (
            <g key={`${s.regime}:${s.jurisdictions.join(',')}`}>
              <title>{`${label(s.jurisdictions)}: ${formatCount(s.total)}`}</title>
              <rect
                className={`chart-bar series-${Math.min(5, s.jurisdictions.length - 1)}`}
                x={x + Math.round(colW / 6)}
                y={TOP + BAR_H - h}
                width={colW - Math.round(colW / 3)}
                height={h}
              />
              <text className="chart-value" x={x + colW / 2} y={TOP + BAR_H - h - 4} textAnchor="middle">
                {formatCount(s.total)}
              </text>
              {ys.length > 1 && (
                <line
                  className="overlap-link"
                  x1={x + colW / 2}
                  x2={x + colW / 2}
                  y1={Math.min(...ys)}
                  y2={Math.max(...ys)}
                />
              )}
              {jurisdictions.map((j, r) => (
                <circle
                  key={j}
                  className={s.jurisdictions.includes(j) ? 'overlap-dot on' : 'overlap-dot'}
                  cx={x + colW / 2}
                  cy={matrixTop + r * ROW_H + ROW_H / 2}
                  r={6}
                />
              ))}
            </g>
          );
        })}
        {jurisdictions.map((j, r) => (
          <text key={j} x={LABEL_W - 10} y={matrixTop + r * ROW_H + ROW_H / 2 + 4} textAnchor="end">
            {`${j} (${formatCount(size(j))})`}
          </text>
        ))}
      </svg>
      {hidden > 0 && <p className="muted">{t('sanctions.overlap.more', { count: hidden })}</p>}
      <details className="chart-table">
        <summary>{t('sanctions.overlap.asTable')}</summary>
        <table className="table table-compact">
          <caption className="visually-hidden">{t('sanctions.overlap.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sanctions.overlap.set')}</th>
              <th scope="col" className="num">
                {t('sanctions.overlap.targets')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...rows]
              .sort((a, b) => b.total - a.total)
              .map((s) => (
                <tr key={s.jurisdictions.join(',')}>
                  <th scope="row">{label(s.jurisdictions)}</th>
                  <td className="num">{formatCount(s.total)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
