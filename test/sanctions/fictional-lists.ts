import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * FICTIONAL sanctions lists for tests: invented people and bodies in the FollowTheMoney JSON-lines layout
 * of data/sanctions (one target entity followed by its Sanction entity). No real person is named.
 * List A is "Canadian" (country ca), list B "British" (country gb); programme texts are the real
 * programme names so that the regime mapping applies.
 */

export interface FictionalTarget {
  id: string;
  schema: 'Person' | 'LegalEntity' | 'Organization';
  name: string;
  aliases?: string[];
  birthDate?: string;
  country?: string;
  program: string;
  listed: string;
}

const DATASET_COUNTRY: Record<string, string> = { test_fictional_ca: 'ca', test_fictional_gb: 'gb' };

export function ftmLines(dataset: string, targets: FictionalTarget[]): string {
  const country = DATASET_COUNTRY[dataset] ?? 'ca';
  const lines: string[] = [];
  for (const t of targets) {
    lines.push(
      JSON.stringify({
        id: t.id,
        caption: t.name,
        schema: t.schema,
        properties: {
          name: [t.name],
          ...(t.aliases ? { alias: t.aliases } : {}),
          ...(t.birthDate ? { birthDate: [t.birthDate] } : {}),
          ...(t.country ? { country: [t.country] } : {}),
          topics: ['sanction'],
        },
        referents: [],
        datasets: [dataset],
        target: true,
      }),
    );
    lines.push(
      JSON.stringify({
        id: `${t.id}-sanction-1`,
        caption: t.program,
        schema: 'Sanction',
        properties: {
          entity: [t.id],
          country: [country],
          program: [t.program],
          startDate: [t.listed],
          listingDate: [t.listed],
        },
        referents: [],
        datasets: [dataset],
        target: false,
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const CA_BELARUS = 'Belarus / Bélarus';
export const CA_RUSSIA = 'Russia / Russie';
export const GB_BELARUS = 'The Republic of Belarus (Sanctions) (EU Exit) Regulations 2019';
export const GB_RUSSIA = 'The Russia (Sanctions) (EU Exit) Regulations 2019';

/** Fictional list A: 3 Belarus-programme targets, 1 Russia, 1 other. */
export const LIST_A: FictionalTarget[] = [
  {
    id: 'ca-fict-1',
    schema: 'Person',
    name: 'Zmitser Fiktyunavich Testavets',
    birthDate: '1970-02-03',
    program: CA_BELARUS,
    listed: '2021-06-21',
  },
  {
    id: 'ca-fict-2',
    schema: 'LegalEntity',
    name: 'Fictional Tractor Works Quuxar',
    program: CA_BELARUS,
    listed: '2022-03-01',
  },
  {
    id: 'ca-fict-3',
    schema: 'Person',
    name: 'Hanna Probna Vymyslenaya',
    program: CA_BELARUS,
    listed: '2022-03-01',
  },
  {
    id: 'ca-fict-4',
    schema: 'Person',
    name: 'Pyotr Ivanovich Zzyvkovsky',
    program: CA_RUSSIA,
    listed: '2022-02-24',
  },
  {
    id: 'ca-fict-5',
    schema: 'LegalEntity',
    name: 'Imaginary Mining Blorft',
    program: 'Iran',
    listed: '2019-01-01',
  },
];

/** Fictional list B: the first person again under another transliteration, plus a near-name for review. */
export const LIST_B: FictionalTarget[] = [
  {
    id: 'gb-fict-1',
    schema: 'Person',
    name: 'Dmitry Fiktyunovich Testovets',
    birthDate: '1970-02-03',
    country: 'by',
    program: GB_RUSSIA,
    listed: '2022-03-15',
  },
  {
    id: 'gb-fict-2',
    schema: 'Person',
    name: 'Hanna Vymyslenaia',
    program: GB_BELARUS,
    listed: '2021-08-09',
  },
  { id: 'gb-fict-4', schema: 'Person', name: 'Petr Zzyvkovskiy', program: GB_RUSSIA, listed: '2022-04-01' },
  {
    id: 'gb-fict-3',
    schema: 'Organization',
    name: 'Completely Unrelated Zorblax Ltd',
    program: GB_RUSSIA,
    listed: '2022-05-04',
  },
];

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'supolka-sanctions-test-'));
}

export function writeList(
  dir: string,
  name: string,
  dataset: string,
  targets: FictionalTarget[],
  gz = false,
): string {
  const file = path.join(dir, name);
  const text = ftmLines(dataset, targets);
  fs.writeFileSync(file, gz ? gzipSync(Buffer.from(text)) : text);
  return file;
}
