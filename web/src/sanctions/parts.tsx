/** Small building blocks shared by the sanctions pages. */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { REGIMES } from './api';

/** A titled section holding one compact table; the title is also the table's caption for screen readers. */
export function TableSection({
  title,
  hint,
  children,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="sanctions-section">
      <h2 id={id}>{title}</h2>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="visually-hidden">{title}</caption>
          {children}
        </table>
      </div>
      {hint && <p className="hint">{hint}</p>}
    </section>
  );
}

/** A column heading of a numeric (right-aligned) column. */
export function NumTh({ children }: { children: ReactNode }) {
  return (
    <th scope="col" className="num">
      {children}
    </th>
  );
}

/** One translated <option> per sanctions regime, for the regime selects. */
export function RegimeOptions() {
  const { t } = useTranslation();
  return REGIMES.map((r) => (
    <option key={r} value={r}>
      {t(`sanctions.regime.${r}`)}
    </option>
  ));
}
