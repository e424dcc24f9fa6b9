/**
 * Builds the labelled name-pair set for bench/names.bench.ts from ../shared/data/sanctions
 * (EU FSF XML nameAlias entries, UK FtM name/alias). Read at bench time; nothing is copied into
 * the repository. Streaming gunzip + regex scanning, no XML library.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import path from 'node:path';

export interface ListedEntity {
  id: string;
  list: 'eu' | 'gb';
  schema: 'Person' | 'Organization';
  program: 'BLR' | 'RUS' | 'other';
  names: string[];
  birthDate?: string;
  gender?: 'm' | 'f';
}

export const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'sanctions');

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};
const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#10;/g, ' ')
    .replace(/&amp;/g, '&');

const EU_BLR = new Set(['BLR']);
const EU_RUS = new Set(['UKR', 'RUS', 'RUSDA']);

export async function loadEu(): Promise<ListedEntity[]> {
  const file = path.join(SHARED, 'eu-fsf-2026-05-01.xml.gz');
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  const out: ListedEntity[] = [];
  let cur: ListedEntity | undefined;
  for await (const line of rl) {
    if (line.includes('<sanctionEntity ')) {
      cur = {
        id: `eu-${attr(line, 'logicalId') ?? out.length}`,
        list: 'eu',
        schema: 'Person',
        program: 'other',
        names: [],
      };
    } else if (!cur) continue;
    else if (line.includes('<regulation ')) {
      const p = attr(line, 'programme') ?? '';
      cur.program = EU_BLR.has(p) ? 'BLR' : EU_RUS.has(p) ? 'RUS' : 'other';
    } else if (line.includes('<subjectType ')) {
      cur.schema = attr(line, 'code') === 'person' ? 'Person' : 'Organization';
    } else if (line.includes('<nameAlias ')) {
      const n = attr(line, 'wholeName');
      const lang = attr(line, 'nameLanguage') ?? '';
      // Organisation aliases in other EU languages are translations, not spellings of one name.
      const translation = cur.schema === 'Organization' && !['', 'EN', 'RU', 'BE', 'UK'].includes(lang);
      if (n && attr(line, 'strong') !== 'false' && !translation) cur.names.push(n.trim());
      const g = attr(line, 'gender');
      if (g === 'M' || g === 'F') cur.gender = g === 'M' ? 'm' : 'f';
    } else if (line.includes('<birthdate ')) {
      cur.birthDate ??= attr(line, 'birthdate');
    } else if (line.includes('</sanctionEntity>')) {
      cur.names = [...new Set(cur.names)];
      out.push(cur);
      cur = undefined;
    }
  }
  return out;
}

export async function loadGb(): Promise<ListedEntity[]> {
  const file = path.join(SHARED, 'gb-sanctions-2026-08-22.ftm.jsonl.gz');
  const rl = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  const out: ListedEntity[] = [];
  for await (const line of rl) {
    const e = JSON.parse(line) as { id: string; schema: string; properties: Record<string, string[]> };
    if (e.schema !== 'Person' && e.schema !== 'Organization') continue;
    const uid = e.id.replace('gb-fcdo-', '').slice(0, 3);
    const names = [...new Set([...(e.properties.name ?? []), ...(e.properties.alias ?? [])])];
    out.push({
      id: e.id,
      list: 'gb',
      schema: e.schema,
      names,
      program: uid === 'bel' ? 'BLR' : uid === 'rus' ? 'RUS' : 'other',
    });
  }
  return out;
}

export function sharedAvailable(): boolean {
  return existsSync(SHARED);
}
