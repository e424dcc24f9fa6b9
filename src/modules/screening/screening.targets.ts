import path from 'node:path';
import { parseSanctionsFile } from '../sanctions/sanctions.parser';
import type { SanctionTarget } from '../sanctions/sanctions.types';
import type { ScreenTarget } from './screening.types';

/**
 * Targets to screen against, read from sanctions-list files of any format the sanctions module parses
 * (EU FSF XML, OFAC sdn.csv with optional alt.csv/add.csv companions, FollowTheMoney JSON lines; plain or
 * gzip), streamed one target at a time. The sanctions module's parsers are used as they are.
 */

const COMPANION = /(?:^|[^a-z])(alt|add)\.csv(?:\.gz)?$/i;

export function toScreenTarget(t: SanctionTarget, dataset: string): ScreenTarget {
  return {
    id: `${dataset}:${t.sourceId}`,
    schema: t.schema,
    names: [...new Set(t.names.map((n) => n.value))],
    datasets: [dataset],
    birthDates: t.birthDates,
    countries: [...new Set([...t.nationalities, ...t.countries])],
  };
}

/** Every target of every file; OFAC companions among the files are attached to the sdn.csv they belong to. */
export async function* targetsFromFiles(files: readonly string[]): AsyncGenerator<ScreenTarget> {
  const companions = files.filter((f) => COMPANION.test(path.basename(f)));
  const alt = companions.find((f) => /alt\.csv/i.test(path.basename(f)));
  const add = companions.find((f) => /add\.csv/i.test(path.basename(f)));
  for (const file of files.filter((f) => !companions.includes(f))) {
    const parsed = await parseSanctionsFile(file, {
      ...(alt || add ? { ofac: { ...(alt ? { alt } : {}), ...(add ? { add } : {}) } } : {}),
    });
    for await (const t of parsed.targets) yield toScreenTarget(t, parsed.dataset);
  }
}
