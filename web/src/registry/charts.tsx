import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Small inline SVG charts (no chart library, no network assets). Each chart is an image with a short text
 * alternative, and the same numbers follow as a table for screen readers and for copying.
 */

export interface Bar {
  key: string;
  label: string;
  value: number;
}

const fmt = (n: number): string => n.toLocaleString();

function Figure({
  title,
  summary,
  chart,
  table,
}: {
  title: string;
  summary: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      <div role="img" aria-label={summary} className="chart-svg">
        {chart}
      </div>
      <details className="chart-table">
        <summary>{t('registry.stats.showTable')}</summary>
        {table}
      </details>
    </figure>
  );
}

function DataTable({ head, rows }: { head: [string, ...string[]]; rows: Array<Array<string | number>> }) {
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row">
                  {c}
                </th>
              ) : (
                <td key={j} className="num">
                  {typeof c === 'number' ? fmt(c) : c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Horizontal bars, largest first: distributions by article, region, gender, group, prison. */
export function BarChart({
  title,
  bars,
  valueLabel,
}: {
  title: string;
  bars: readonly Bar[];
  valueLabel: string;
}) {
  const { t } = useTranslation();
  if (bars.length === 0) return <EmptyChart title={title} />;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 22;
  // Narrow enough to sit two to a row with readable text; labels get about a third of the width.
  const labelW = 150;
  const width = 440;
  const barW = width - labelW - 44;
  const height = bars.length * row + 4;
  const top = bars.slice(0, 3).map((b) => `${b.label}: ${fmt(b.value)}`);
  return (
    <Figure
      title={title}
      summary={t('registry.stats.barSummary', { title, top: top.join('; ') })}
      chart={
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          className="svg-chart"
          aria-hidden="true"
          focusable="false"
        >
          {bars.map((b, i) => {
            const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barW);
            const y = i * row + 2;
            return (
              <g key={b.key}>
                <text x={labelW - 8} y={y + 14} textAnchor="end" className="chart-label">
                  {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
                </text>
                <rect x={labelW} y={y + 3} width={w} height={row - 8} className="chart-bar" rx="2" />
                <text x={labelW + w + 6} y={y + 14} className="chart-value">
                  {fmt(b.value)}
                </text>
              </g>
            );
          })}
        </svg>
      }
      table={<DataTable head={[title, valueLabel]} rows={bars.map((b) => [b.label, b.value])} />}
    />
  );
}

export interface MonthSeries {
  name: string;
  className: string;
  values: ReadonlyMap<string, number>;
}

/** Columns per month ("YYYY-MM"), stacked when there are several series (e.g. releases by kind). */
export function MonthChart({ title, series }: { title: string; series: readonly MonthSeries[] }) {
  const { t } = useTranslation();
  const months = [...new Set(series.flatMap((s) => [...s.values.keys()]))].sort();
  if (months.length === 0) return <EmptyChart title={title} />;
  const totals = months.map((m) => series.reduce((sum, s) => sum + (s.values.get(m) ?? 0), 0));
  const max = Math.max(1, ...totals);
  const width = 640;
  const height = 180;
  const left = 36;
  const bottom = 24;
  const plotH = height - bottom - 8;
  const step = (width - left) / months.length;
  const colW = Math.max(2, Math.min(28, step * 0.7));
  const every = Math.ceil(months.length / 12);
  return (
    <Figure
      title={title}
      summary={t('registry.stats.monthSummary', {
        title,
        from: months[0] ?? '',
        to: months[months.length - 1] ?? '',
        total: fmt(totals.reduce((a, b) => a + b, 0)),
      })}
      chart={
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          className="svg-chart"
          aria-hidden="true"
          focusable="false"
        >
          <line x1={left} x2={width} y1={8 + plotH} y2={8 + plotH} className="chart-axis" />
          <text x={left - 4} y={14} textAnchor="end" className="chart-value">
            {fmt(max)}
          </text>
          <text x={left - 4} y={8 + plotH} textAnchor="end" className="chart-value">
            0
          </text>
          {months.map((m, i) => {
            let y = 8 + plotH;
            const x = left + i * step + (step - colW) / 2;
            return (
              <g key={m}>
                {series.map((s) => {
                  const v = s.values.get(m) ?? 0;
                  const h = (v / max) * plotH;
                  y -= h;
                  return v > 0 ? (
                    <rect
                      key={s.name}
                      x={x}
                      y={y}
                      width={colW}
                      height={h}
                      className={`chart-bar ${s.className}`}
                    />
                  ) : null;
                })}
                {i % every === 0 && (
                  <text x={x + colW / 2} y={height - 6} textAnchor="middle" className="chart-label">
                    {m}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      }
      table={
        <DataTable
          head={[t('registry.stats.month'), ...series.map((s) => s.name)]}
          rows={months.map((m) => [m, ...series.map((s) => s.values.get(m) ?? 0)])}
        />
      }
    />
  );
}

export function Legend({ items }: { items: ReadonlyArray<{ name: string; className: string }> }) {
  return (
    <ul className="chart-legend">
      {items.map((i) => (
        <li key={i.name}>
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <rect width="12" height="12" className={`chart-bar ${i.className}`} />
          </svg>{' '}
          {i.name}
        </li>
      ))}
    </ul>
  );
}

export function EmptyChart({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <p className="muted">{t('registry.stats.noData')}</p>
    </figure>
  );
}
