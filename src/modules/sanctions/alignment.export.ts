import { csvRow } from '../../core/csv/csv-writer';
import type { Gap } from './alignment.service';

/**
 * Exports of alignment gaps: CSV (formula-safe writer from src/core/csv: list data are published names,
 * but a name starting with "=" must still not run as a spreadsheet formula), JSON, and FollowTheMoney
 * JSON lines (one entity per resolved target plus one Sanction entity per listing, the layout
 * OpenSanctions publishes, so the gaps can be loaded into FtM tooling).
 */

const CSV_HEADER = [
  'cluster_id',
  'name',
  'schema',
  'kind',
  'jurisdiction',
  'listed_by',
  'not_listed_by',
  'regimes',
  'listings',
];

function listingsText(g: Gap): string {
  return g.listedBy
    .flatMap((l) =>
      l.programmes.map(
        (p) =>
          `${l.jurisdiction} ${p.code} (${p.regime}${p.legalBasis ? `; ${p.legalBasis}` : ''}${p.listedOn ? `; listed ${p.listedOn}` : ''}; ${l.dataset} ${l.sourceId})`,
      ),
    )
    .join(' | ');
}

export function gapsCsv(gaps: Gap[]): string {
  let out = '\ufeff' + csvRow(CSV_HEADER);
  for (const g of gaps)
    out += csvRow([
      g.clusterId,
      g.name,
      g.schema,
      g.kind,
      g.jurisdiction ?? '',
      [...new Set(g.listedBy.map((l) => l.jurisdiction))].join(' '),
      g.notListedBy.join(' '),
      Object.entries(g.regimes)
        .map(([j, r]) => `${j}:${r.join('+')}`)
        .join(' '),
      listingsText(g),
    ]);
  return out;
}

const FTM_SCHEMA: Record<Gap['schema'], string> = {
  Person: 'Person',
  Entity: 'LegalEntity',
  Vessel: 'Vessel',
  Airplane: 'Airplane',
};

const FTM_COUNTRY: Record<string, string> = { UK: 'gb' };

/** One entity per cluster (a cluster with several gaps is written once). */
export function gapsFtm(gaps: Gap[]): string {
  const lines: string[] = [];
  const done = new Set<string>();
  for (const g of gaps) {
    if (done.has(g.clusterId)) continue;
    done.add(g.clusterId);
    const names = [...new Set([g.name, ...g.listedBy.map((l) => l.name)])];
    lines.push(
      JSON.stringify({
        id: `supolka-sanctions-${g.clusterId}`,
        schema: FTM_SCHEMA[g.schema],
        caption: g.name,
        properties: {
          name: [names[0]],
          ...(names.length > 1 ? { alias: names.slice(1) } : {}),
          topics: ['sanction'],
        },
        datasets: [...new Set(g.listedBy.map((l) => l.dataset))],
        target: true,
      }),
    );
    let i = 0;
    for (const l of g.listedBy)
      for (const p of l.programmes)
        lines.push(
          JSON.stringify({
            id: `supolka-sanctions-${g.clusterId}-sanction-${++i}`,
            schema: 'Sanction',
            properties: {
              entity: [`supolka-sanctions-${g.clusterId}`],
              program: [p.code],
              country: [FTM_COUNTRY[l.jurisdiction] ?? l.jurisdiction.toLowerCase()],
              authorityId: [l.sourceId],
              ...(p.legalBasis ? { summary: [p.legalBasis] } : {}),
              ...(p.listedOn ? { listingDate: [p.listedOn], startDate: [p.listedOn] } : {}),
            },
            datasets: [l.dataset],
            target: false,
          }),
        );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
