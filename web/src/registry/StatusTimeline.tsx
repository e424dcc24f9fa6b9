import { useTranslation } from 'react-i18next';
import { formatDate } from '../app/ui';
import { useLabels } from './labels';
import { SourceRefs } from './SourceRefs';
import type { Recognition, StatusEvent } from './types';

type Entry =
  | { kind: 'status'; on: string; event: StatusEvent }
  | { kind: 'recognition'; on: string; recognition: Recognition };

/**
 * Status history and recognitions as one dated timeline (detained, sentenced, recognised, released…), oldest
 * first, each entry with its sources.
 */
export function StatusTimeline({
  events,
  recognitions,
}: {
  events: readonly StatusEvent[];
  recognitions: readonly Recognition[];
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const entries: Entry[] = [
    ...events.map((e): Entry => ({ kind: 'status', on: e.occurredOn, event: e })),
    ...recognitions.map((r): Entry => ({ kind: 'recognition', on: r.recognisedOn, recognition: r })),
  ].sort((a, b) => a.on.localeCompare(b.on));
  return (
    <section aria-labelledby="reg-timeline-h" className="panel">
      <h2 id="reg-timeline-h">{t('registry.record.timeline')}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t('registry.record.noEvents')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((e) =>
            e.kind === 'status' ? (
              <li key={e.event.id} className={`timeline-item status-${e.event.status}`}>
                <time dateTime={e.on}>{formatDate(e.on)}</time>
                <strong>{labels.status(e.event.status)}</strong>
                {e.event.note && <p className="notes">{e.event.note}</p>}
                <SourceRefs sources={e.event.sources} />
              </li>
            ) : (
              <li key={e.recognition.id} className="timeline-item recognition">
                <time dateTime={e.on}>{formatDate(e.on)}</time>
                <strong>{t('registry.record.recognisedBy', { by: e.recognition.recognisedBy })}</strong>
                {e.recognition.statementUrl && (
                  <p>
                    <a href={e.recognition.statementUrl} rel="noopener noreferrer" target="_blank">
                      {t('registry.record.statement')}
                    </a>
                  </p>
                )}
                <SourceRefs sources={e.recognition.sources} />
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
